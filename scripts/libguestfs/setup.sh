#!/usr/bin/env bash
# Prepares this host to time libguestfs next to the appliance (content/benchmarks/vs-libguestfs.json):
# Debian's libguestfs-tools, and a kernel with its modules for supermin, which builds the
# libguestfs appliance from the host and needs both. A host without a kernel in /boot (a
# container, this project's CI machines) gets Debian's cloud kernel package extracted (not
# installed: installing would regenerate initramfs images for nothing), its modules copied to
# /lib/modules (supermin reads them there) and depmod run on them.
# Idempotent; run as root or with sudo. Not part of CI: the comparison is recorded by hand.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! command -v apt-get >/dev/null; then
  echo "libguestfs setup: this script needs a Debian-like host (apt-get); install libguestfs-tools yourself and set SUPERMIN_KERNEL, SUPERMIN_MODULES and SUPERMIN_KERNEL_VERSION" >&2
  exit 2
fi

STATE_DIR="${BOOT_TALK_SUPERMIN_DIR:-/opt/boot-talk/supermin}"
KERNEL_PKG="${BOOT_TALK_KERNEL_PKG:-linux-image-cloud-amd64}"

if ! command -v guestfish >/dev/null; then
  echo "libguestfs setup: installing libguestfs-tools"
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends libguestfs-tools >/dev/null
fi

# The versioned image package behind the metapackage, e.g. linux-image-6.1.0-57-cloud-amd64.
real_pkg=$(apt-cache depends "$KERNEL_PKG" | awk '/Depends: linux-image-/{print $2; exit}')
version="${real_pkg#linux-image-}"
if [ -z "$real_pkg" ] || [ "$version" = "$real_pkg" ]; then
  echo "libguestfs setup: cannot resolve $KERNEL_PKG to a versioned linux-image package (apt-get update?)" >&2
  exit 1
fi

if [ -f "$STATE_DIR/$version/boot/vmlinuz-$version" ] && [ -d "/lib/modules/$version/kernel" ]; then
  echo "libguestfs setup: kernel $version for supermin already in $STATE_DIR and /lib/modules"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "libguestfs setup: extracting $real_pkg"
  (cd "$tmp" && apt-get download "$real_pkg" >/dev/null 2>&1)
  $SUDO mkdir -p "$STATE_DIR/$version"
  $SUDO dpkg-deb -x "$tmp"/*.deb "$STATE_DIR/$version"
  # supermin copies the modules from their real path under /lib/modules (a symlink confuses it).
  $SUDO mkdir -p /lib/modules
  $SUDO rm -rf "/lib/modules/$version"
  $SUDO cp -a "$STATE_DIR/$version/lib/modules/$version" "/lib/modules/$version"
  $SUDO depmod "$version"
fi
echo "$version" | $SUDO tee "$STATE_DIR/version" >/dev/null
echo "libguestfs setup: ready (kernel $version); time it with npm run bench -- --suite vs-libguestfs"
