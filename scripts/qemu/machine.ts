/**
 * Turning a machine description into a QEMU argument vector. Pure: no I/O, so every
 * variant's exact command line can be tested and recorded.
 */

export const MACHINE_TYPES = ["pc", "q35", "microvm"] as const;
export type MachineType = (typeof MACHINE_TYPES)[number];
export type Accelerator = "kvm" | "tcg";

/** Everything about the virtual machine that a benchmark variant may change. */
export interface MachineConfig {
  qemu: string;
  accelerator: Accelerator;
  machine: MachineType;
  memoryMiB: number;
  smp: number;
  /** A NIC makes SeaBIOS run the iPXE option ROM; off means `-nic none`. */
  nic: boolean;
  /** Firmware image for -bios (e.g. /usr/share/qemu/qboot.rom); null = QEMU's default. */
  bios: string | null;
  kernel: string;
  initrd: string;
  /** Kernel command line, already joined from its parts. */
  append: string;
  /** Extra QEMU arguments appended verbatim (one array element per argument). */
  extraArgs: readonly string[];
}

/** The full argv, binary first. Serial console on stdio; QEMU exits when the guest powers off. */
export function qemuArgv(config: MachineConfig): string[] {
  const argv = [
    config.qemu,
    "-no-user-config",
    "-machine",
    `${config.machine},accel=${config.accelerator}`,
    "-m",
    String(config.memoryMiB),
    "-smp",
    String(config.smp),
    "-kernel",
    config.kernel,
    "-initrd",
    config.initrd,
    "-append",
    config.append,
    "-nographic",
    "-no-reboot",
  ];
  if (config.accelerator === "kvm") argv.push("-cpu", "host");
  if (!config.nic) argv.push("-nic", "none");
  if (config.bios) argv.push("-bios", config.bios);
  argv.push(...config.extraArgs);
  return argv;
}

/**
 * Kernel arguments every appliance boot needs: the serial console (so we can read it) and
 * panic=-1 with -no-reboot (so a panic ends QEMU instead of hanging it).
 */
export const BASE_APPEND = ["console=ttyS0", "panic=-1"];

/** Joins command-line parts, dropping empties, so "quiet" plus "" does not leave a double space. */
export function joinAppend(...parts: ReadonlyArray<string | readonly string[] | undefined>): string {
  return parts
    .flatMap((p) => (p === undefined ? [] : typeof p === "string" ? p.split(/\s+/) : p))
    .filter(Boolean)
    .join(" ");
}
