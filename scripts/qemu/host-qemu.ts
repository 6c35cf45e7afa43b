/**
 * What this host offers for running QEMU: the binary, its version, and whether KVM is usable.
 */
import { access, constants, open } from "node:fs/promises";
import { execa } from "execa";
import { UserError } from "../../core/errors.ts";
import type { Accelerator } from "./machine.ts";

export const DEFAULT_QEMU = "qemu-system-x86_64";

/** Resolves the QEMU binary (override, $BOOT_TALK_QEMU, or PATH) and reads its version line. */
export async function locateQemu(override?: string): Promise<{ path: string; version: string }> {
  const wanted = override ?? process.env.BOOT_TALK_QEMU ?? DEFAULT_QEMU;
  try {
    const { stdout } = await execa(wanted, ["--version"], { timeout: 10_000 });
    const path = wanted.includes("/") ? wanted : await which(wanted);
    return { path, version: stdout.split("\n")[0]?.trim() ?? "unknown" };
  } catch (error) {
    throw new UserError(
      `QEMU (${wanted}) could not be run: ${(error as Error).message.split("\n")[0]}. ` +
        `Install the package qemu-system-x86 (apt-get install qemu-system-x86), or run ` +
        `\`sudo bash scripts/install-system-deps.sh\`, or point BOOT_TALK_QEMU at a qemu-system-x86_64 binary.`,
    );
  }
}

async function which(command: string): Promise<string> {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const candidate = `${dir}/${command}`;
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return command;
}

/**
 * KVM when /dev/kvm can be opened read-write by this user, TCG otherwise.
 * The device node can exist and still be unusable (wrong permissions, no VT-x/AMD-V exposed),
 * so we try to open it rather than test for its presence.
 */
export async function detectAccelerator(
  devicePath = "/dev/kvm",
): Promise<{ accelerator: Accelerator; reason: string }> {
  try {
    const handle = await open(devicePath, "r+");
    await handle.close();
  } catch (error) {
    return {
      accelerator: "tcg",
      reason: `${devicePath} not usable (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    };
  }
  if (!(await cpuHasVirtualization())) {
    return { accelerator: "tcg", reason: `${devicePath} opens but the CPU exposes no vmx/svm flag` };
  }
  return { accelerator: "kvm", reason: `${devicePath} is usable` };
}

async function cpuHasVirtualization(): Promise<boolean> {
  const { readFile } = await import("node:fs/promises");
  const cpuinfo = await readFile("/proc/cpuinfo", "utf8").catch(() => "");
  return /^flags\s*:.*\b(vmx|svm)\b/m.test(cpuinfo);
}
