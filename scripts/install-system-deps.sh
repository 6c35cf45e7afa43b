#!/usr/bin/env bash
# Installs the system packages boot-talk needs on Debian/Ubuntu: QEMU, a static busybox,
# a guest kernel, Chromium, and the kernel source and tools for `npm run kernel`. Idempotent: already-present pieces are skipped.
# Run as root or with sudo. The kernel is extracted from its .deb rather than installed,
# because installing a linux-image package regenerates initramfs images (minutes of work
# we do not need: the project builds its own initramfs).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

KERNEL_DIR="${BOOT_TALK_KERNEL_DIR:-/opt/boot-talk/kernel}"
KERNEL_PKG="${BOOT_TALK_KERNEL_PKG:-linux-image-cloud-amd64}"

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
command -v chromium >/dev/null || need+=(chromium)
command -v hyperfine >/dev/null || need+=(hyperfine)
# npm run kernel: Debian's own kernel source (same version as the cloud kernel) and what building it needs.
dpkg -s linux-source-6.1 >/dev/null 2>&1 || need+=(linux-source-6.1)
for tool in make gcc flex bison bc xz; do
  case "$tool" in xz) pkg=xz-utils ;; *) pkg="$tool" ;; esac
  command -v "$tool" >/dev/null || need+=("$pkg")
done
dpkg -s libelf-dev >/dev/null 2>&1 || need+=(libelf-dev)
dpkg -s libc6-dev >/dev/null 2>&1 || need+=(libc6-dev)

updated=0
apt_update() { if [ "$updated" -eq 0 ]; then $SUDO apt-get update -qq; updated=1; fi; }

if [ ${#need[@]} -gt 0 ]; then
  echo "install-system-deps: installing ${need[*]}"
  apt_update
  $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${need[@]}" >/dev/null
else
  echo "install-system-deps: qemu, busybox-static, chromium, hyperfine, linux-source-6.1 and its build tools already present"
fi

# A guest kernel: keep any host /boot/vmlinuz-*-cloud-* as is; otherwise extract one.
if ls /boot/vmlinuz-*cloud* >/dev/null 2>&1 || ls "$KERNEL_DIR"/vmlinuz-* >/dev/null 2>&1; then
  echo "install-system-deps: guest kernel already present"
else
  apt_update
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # The metapackage only depends on the versioned image package; resolve it first.
  real_pkg=$(apt-cache depends "$KERNEL_PKG" | awk '/Depends: linux-image-/{print $2; exit}')
  real_pkg="${real_pkg:-$KERNEL_PKG}"
  echo "install-system-deps: extracting the kernel from $real_pkg"
  (cd "$tmp" && apt-get download "$real_pkg" >/dev/null)
  dpkg-deb -x "$tmp"/*.deb "$tmp/root"
  $SUDO mkdir -p "$KERNEL_DIR"
  $SUDO cp "$tmp"/root/boot/vmlinuz-* "$KERNEL_DIR"/
  $SUDO chmod a+r "$KERNEL_DIR"/vmlinuz-*
  echo "install-system-deps: kernel at $(ls "$KERNEL_DIR"/vmlinuz-*)"
fi
