/**
 * What this host offers for running QEMU: the binary, its version, and whether KVM is usable.
 */
import { access, constants, open, readFile } from "node:fs/promises";
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

/** The outcome of asking whether QEMU can use KVM here. */
export interface AcceleratorChoice {
  accelerator: Accelerator;
  reason: string;
  /** True when QEMU itself was started with KVM and survived (not only /dev/kvm and the flags). */
  probed: boolean;
}

/**
 * KVM when QEMU can really use it, TCG otherwise. The device node can exist and still be
 * unusable (permissions, no VT-x/AMD-V exposed, or, as on this project's hosts, a nested
 * KVM whose MSRs QEMU cannot set: "failed to set MSR 0x10a … Assertion failed"), so after
 * opening /dev/kvm and reading the CPU flags we start QEMU itself with it (probeKvm).
 * The answer is cached per QEMU binary for the life of the process.
 */
export function detectAccelerator(qemu: string, devicePath = "/dev/kvm"): Promise<AcceleratorChoice> {
  const key = `${qemu}\0${devicePath}`;
  let cached = detections.get(key);
  if (!cached) detections.set(key, (cached = detect(qemu, devicePath)));
  return cached;
}
const detections = new Map<string, Promise<AcceleratorChoice>>();

async function detect(qemu: string, devicePath: string): Promise<AcceleratorChoice> {
  try {
    const handle = await open(devicePath, "r+");
    await handle.close();
  } catch (error) {
    return {
      accelerator: "tcg",
      reason: `${devicePath} not usable (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      probed: false,
    };
  }
  // QEMU decides: nested hosts expose KVM without the vmx/svm flag, and the flag does not
  // promise that QEMU can set up a vCPU. The flag only helps explain a failure.
  const probe = await probeKvm(qemu);
  if (!probe.ok) {
    const flags = (await cpuHasVirtualization()) ? "" : "; the CPU exposes no vmx/svm flag";
    return { accelerator: "tcg", reason: `QEMU cannot use KVM here: ${probe.reason}${flags}`, probed: true };
  }
  return { accelerator: "kvm", reason: `${devicePath} is usable (QEMU started with -accel kvm)`, probed: true };
}

/**
 * Starts QEMU with KVM on a frozen (-S) minimal pc and asks it over QMP whether KVM is on.
 * QMP commands are served only from the main loop, after the machine (vCPU registers and MSRs
 * included) is set up, so an answer means KVM works; the greeting alone comes too early. An
 * abort or an error exit before the answer is the reason KVM cannot be used.
 */
export async function probeKvm(qemu: string, timeoutMs = 15_000): Promise<{ ok: boolean; reason: string }> {
  const probe = await probeQemu(qemu, "kvm", timeoutMs);
  if (probe.answered && !probe.kvmEnabled) return { ok: false, reason: "QEMU started but reports KVM disabled" };
  return { ok: probe.answered, reason: probe.reason };
}

/** The probe itself, for either accelerator (the tests exercise the dialog under TCG). */
export async function probeQemu(
  qemu: string,
  accel: Accelerator,
  timeoutMs = 15_000,
): Promise<{ answered: boolean; kvmEnabled: boolean; reason: string }> {
  const cpu = accel === "kvm" ? ["-cpu", "host"] : [];
  const argv = ["-machine", `pc,accel=${accel}`, ...cpu, "-m", "16", "-S", "-display", "none"];
  const child = execa(qemu, [...argv, "-nodefaults", "-no-user-config", "-qmp", "stdio"], {
    stdin: "pipe",
    reject: false,
    timeout: timeoutMs,
    buffer: { stdout: false, stderr: true },
  });
  let seen = "";
  let answered = false;
  child.stdin?.on("error", () => {}); // QEMU may be gone before it reads
  child.stdout?.on("data", (data: Buffer) => {
    const before = seen;
    seen += data.toString();
    if (!before.includes('"QMP"') && seen.includes('"QMP"'))
      child.stdin?.write('{"execute":"qmp_capabilities"}\n{"execute":"query-kvm"}\n');
    if (!answered && /"enabled":\s*(true|false)/.test(seen)) {
      answered = true;
      child.kill("SIGKILL");
    }
  });
  const result = await child;
  const kvmEnabled = /"enabled":\s*true/.test(seen);
  if (answered) return { answered, kvmEnabled, reason: `QEMU answered (KVM ${kvmEnabled ? "enabled" : "disabled"})` };
  if (result.timedOut) return { answered, kvmEnabled, reason: `no answer from QEMU within ${timeoutMs / 1000} s` };
  const lines = String(result.stderr ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const how = result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
  return { answered, kvmEnabled, reason: `${lines.slice(-2).join(" | ") || "no message"} (${how})` };
}

async function cpuHasVirtualization(): Promise<boolean> {
  const cpuinfo = await readFile("/proc/cpuinfo", "utf8").catch(() => "");
  return /^flags\s*:.*\b(vmx|svm)\b/m.test(cpuinfo);
}
