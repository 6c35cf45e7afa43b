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

# Supported and tested: Debian 12 (bookworm), x86-64. The package names below are Debian's.
if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
  echo "install-system-deps: this host has no apt-get/dpkg, so it is not Debian-like; install by hand:" >&2
  echo "  QEMU (qemu-system-x86_64), a static busybox, a Linux kernel image, Chromium, hyperfine, python3," >&2
  echo "  and for npm run kernel the Linux 6.1 source with make, gcc, flex, bison, bc, xz and libelf headers" >&2
  exit 2
fi
if [ -r /etc/os-release ] && ! grep -qiE '^(ID|ID_LIKE)=.*debian' /etc/os-release; then
  echo "install-system-deps: warning: $(. /etc/os-release; echo "${PRETTY_NAME:-this distribution}") is not Debian; trying Debian's package names anyway" >&2
fi
# Wait for another apt (unattended upgrades, a parallel job) instead of failing at once.
APT_WAIT=(-o DPkg::Lock::Timeout=600)
# The browser the tests and npm run pdf drive (scripts/lib/chromium.ts looks in the same place).
CHROMIUM="${BOOT_TALK_CHROMIUM:-/usr/bin/chromium}"

KERNEL_DIR="${BOOT_TALK_KERNEL_DIR:-/opt/boot-talk/kernel}"
KERNEL_PKG="${BOOT_TALK_KERNEL_PKG:-linux-image-cloud-amd64}"

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
[ -x "$CHROMIUM" ] || need+=(chromium)
command -v hyperfine >/dev/null || need+=(hyperfine)
# The --exec timing helper (scripts/bench/exec-timer-child.py) reads each command's rusage.
command -v python3 >/dev/null || need+=(python3)
# npm run kernel: Debian's own kernel source (same version as the cloud kernel) and what building it needs.
dpkg -s linux-source-6.1 >/dev/null 2>&1 || need+=(linux-source-6.1)
for tool in make gcc flex bison bc xz; do
  case "$tool" in xz) pkg=xz-utils ;; *) pkg="$tool" ;; esac
  command -v "$tool" >/dev/null || need+=("$pkg")
done
dpkg -s libelf-dev >/dev/null 2>&1 || need+=(libelf-dev)
dpkg -s libc6-dev >/dev/null 2>&1 || need+=(libc6-dev)

updated=0
apt_update() { if [ "$updated" -eq 0 ]; then $SUDO apt-get "${APT_WAIT[@]}" update -qq; updated=1; fi; }

if [ ${#need[@]} -gt 0 ]; then
  echo "install-system-deps: installing ${need[*]}"
  apt_update
  $SUDO apt-get install -y -qq "${APT_WAIT[@]}" --no-install-recommends "${need[@]}" >/dev/null
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
  real_pkg=$(apt-cache depends "$KERNEL_PKG" 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}')
  if [ -z "$real_pkg" ] && [ "$KERNEL_PKG" = linux-image-cloud-amd64 ]; then
    # No cloud flavour on this distribution: the generic kernel boots too (more drivers, slower).
    echo "install-system-deps: no linux-image-cloud-amd64 here; falling back to linux-image-amd64" >&2
    real_pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}')
  fi
  if [ -z "$real_pkg" ]; then
    echo "install-system-deps: cannot find the kernel package $KERNEL_PKG (is apt's package list up to date?);" >&2
    echo "  set BOOT_TALK_KERNEL_PKG to a linux-image package, or put a kernel in $KERNEL_DIR (BOOT_TALK_KERNEL_DIR)," >&2
    echo "  or pass --kernel PATH to the tools" >&2
    exit 1
  fi
  echo "install-system-deps: extracting the kernel from $real_pkg"
  (cd "$tmp" && apt-get download "$real_pkg" >/dev/null)
  dpkg-deb -x "$tmp"/*.deb "$tmp/root"
  $SUDO mkdir -p "$KERNEL_DIR"
  $SUDO cp "$tmp"/root/boot/vmlinuz-* "$KERNEL_DIR"/
  $SUDO chmod a+r "$KERNEL_DIR"/vmlinuz-*
  echo "install-system-deps: kernel at $(ls "$KERNEL_DIR"/vmlinuz-*)"
fi
