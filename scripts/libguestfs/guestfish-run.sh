#!/usr/bin/env bash
# `guestfish [OPTIONS] -a /dev/null run` (launch the libguestfs appliance and shut it down), the command
# libguestfs's own boot-benchmark timed, with the environment supermin and libguestfs need on a
# host prepared by scripts/libguestfs/setup.sh. `--accel tcg` forces QEMU's emulator
# (LIBGUESTFS_BACKEND_SETTINGS=force_tcg), for hosts whose /dev/kvm QEMU cannot use; `--accel
# kvm` leaves libguestfs its default (KVM when it works). The shell only sets variables and then
# replaces itself with guestfish (exec), so the timed process is guestfish's.
set -euo pipefail

accel=kvm
if [ "${1:-}" = "--accel" ]; then
  accel="${2:?--accel needs tcg or kvm}"
  shift 2
fi
STATE_DIR="${BOOT_TALK_SUPERMIN_DIR:-/opt/boot-talk/supermin}"
if [ -z "${SUPERMIN_KERNEL:-}" ]; then
  if [ ! -f "$STATE_DIR/version" ]; then
    echo "guestfish-run: no kernel prepared for supermin; run: sudo bash scripts/libguestfs/setup.sh" >&2
    exit 2
  fi
  version=$(cat "$STATE_DIR/version")
  export SUPERMIN_KERNEL="$STATE_DIR/$version/boot/vmlinuz-$version"
  export SUPERMIN_MODULES="/lib/modules/$version"
  export SUPERMIN_KERNEL_VERSION="$version"
fi
export LIBGUESTFS_BACKEND="${LIBGUESTFS_BACKEND:-direct}"
case "$accel" in
  tcg) export LIBGUESTFS_BACKEND_SETTINGS=force_tcg ;;
  kvm) ;;
  *) echo "guestfish-run: --accel must be tcg or kvm, got $accel" >&2; exit 2 ;;
esac
# Extra arguments are guestfish options (e.g. -v -x for boot-analysis), so they go first.
exec guestfish "$@" -a /dev/null run
