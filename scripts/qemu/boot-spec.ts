/**
 * From a boot specification (what a benchmark variant or an analysis run asks for) to a
 * ready-to-run QEMU command line: builds the appliance, picks the accelerator, adds the
 * kernel arguments each machine type needs.
 */
import { buildAppliance, type Appliance, type Compression } from "../appliance/appliance.ts";
import { UserError } from "../../core/errors.ts";
import { readHostInfo } from "../lib/host.ts";
import { detectAccelerator, locateQemu } from "./host-qemu.ts";
import {
  BASE_APPEND,
  joinAppend,
  qemuArgv,
  type Accelerator,
  type MachineConfig,
  type MachineType,
} from "./machine.ts";

/** What may vary between boots. Every field is optional; defaults are the stock appliance. */
export interface BootSpec {
  kernel?: string;
  compression?: Compression;
  machine?: MachineType;
  memoryMiB?: number;
  smp?: number;
  nic?: boolean;
  /** Firmware for -bios; null or absent = QEMU's default (SeaBIOS for pc/q35). */
  bios?: string | null;
  /** Kernel arguments added after the base ones (console, panic). */
  append?: readonly string[];
  extraArgs?: readonly string[];
  accelerator?: "auto" | Accelerator;
  qemu?: string;
}

export const BOOT_DEFAULTS = { machine: "pc", memoryMiB: 256, smp: 1, nic: true } as const;

/** A boot ready to run, with everything the record needs to say what was run. */
export interface PreparedBoot {
  argv: string[];
  machine: MachineConfig;
  appliance: Appliance;
  qemu: { path: string; version: string };
  accelerator: Accelerator;
  acceleratorReason: string;
}

/** Resolves spec into a command line. Builds the appliance if it is not cached yet. */
export async function prepareBoot(spec: BootSpec = {}): Promise<PreparedBoot> {
  const qemu = await locateQemu(spec.qemu);
  const appliance = await buildAppliance({ kernel: spec.kernel, compression: spec.compression });
  const { accelerator, acceleratorReason } = await chooseAccelerator(qemu.path, spec.accelerator ?? "auto");
  const machineType = spec.machine ?? BOOT_DEFAULTS.machine;
  const machine: MachineConfig = {
    qemu: qemu.path,
    accelerator,
    machine: machineType,
    memoryMiB: spec.memoryMiB ?? BOOT_DEFAULTS.memoryMiB,
    smp: spec.smp ?? BOOT_DEFAULTS.smp,
    nic: spec.nic ?? BOOT_DEFAULTS.nic,
    bios: spec.bios ?? null,
    kernel: appliance.kernel.path,
    initrd: appliance.initrd.path,
    append: joinAppend(BASE_APPEND, await machineAppend(machineType, accelerator, spec.append ?? []), spec.append),
    extraArgs: spec.extraArgs ?? [],
  };
  return { argv: qemuArgv(machine), machine, appliance, qemu, accelerator, acceleratorReason };
}

/**
 * auto: what detectAccelerator finds (a probe start of QEMU included); tcg: as asked; kvm: as
 * asked, but only after the same probe, so a KVM QEMU cannot use fails here, with QEMU's
 * reason, instead of in every boot.
 */
async function chooseAccelerator(
  qemu: string,
  wanted: "auto" | Accelerator,
): Promise<{ accelerator: Accelerator; acceleratorReason: string }> {
  if (wanted === "tcg") return { accelerator: "tcg", acceleratorReason: "requested" };
  const detected = await detectAccelerator(qemu);
  if (wanted === "auto") return { accelerator: detected.accelerator, acceleratorReason: detected.reason };
  if (detected.accelerator !== "kvm")
    throw new UserError(
      `KVM was requested (--accel kvm or "accelerator": "kvm") but is not usable: ${detected.reason}. Use --accel tcg, or auto to fall back to TCG.`,
    );
  return { accelerator: "kvm", acceleratorReason: "requested" };
}

/**
 * microvm has no PIT to calibrate the TSC against; under TCG the calibration can hang the
 * boot (about one in five here) unless the kernel is told the frequency up front.
 */
async function machineAppend(
  machine: MachineType,
  accelerator: Accelerator,
  userAppend: readonly string[],
): Promise<string[]> {
  if (machine !== "microvm" || accelerator !== "tcg") return [];
  if (userAppend.some((arg) => arg.startsWith("tsc_early_khz="))) return [];
  const { cpuKHz } = await readHostInfo();
  return cpuKHz ? [`tsc_early_khz=${cpuKHz}`] : [];
}
