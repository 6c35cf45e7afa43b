/** Facts about the host that every record carries, so a number can be traced to its machine. */
import { readFile } from "node:fs/promises";
import os from "node:os";

export interface HostInfo {
  hostname: string;
  /** `uname -srvm` equivalent. */
  kernel: string;
  cpuModel: string;
  cores: number;
  /** Nominal CPU clock in kHz from /proc/cpuinfo (null when unknown). */
  cpuKHz: number | null;
  memoryBytes: number;
  /** Node.js version running the harness. */
  node: string;
}

/** Reads host facts; never throws (unknown fields say "unknown"). */
export async function readHostInfo(): Promise<HostInfo> {
  const cpuinfo = await readFile("/proc/cpuinfo", "utf8").catch(() => "");
  return {
    hostname: os.hostname(),
    kernel: `${os.type()} ${os.release()} ${os.version()} ${os.machine()}`,
    cpuModel: parseCpuField(cpuinfo, "model name") ?? os.cpus()[0]?.model ?? "unknown",
    cores: os.availableParallelism(),
    cpuKHz: cpuKHzFrom(cpuinfo),
    memoryBytes: os.totalmem(),
    node: process.version,
  };
}

/** The first value of a /proc/cpuinfo field. */
export function parseCpuField(cpuinfo: string, field: string): string | undefined {
  const match = new RegExp(`^${field}\\s*:\\s*(.+)$`, "m").exec(cpuinfo);
  return match?.[1]?.trim();
}

/** CPU clock in whole kHz, from the "cpu MHz" field. */
export function cpuKHzFrom(cpuinfo: string): number | null {
  const mhz = Number(parseCpuField(cpuinfo, "cpu MHz"));
  return Number.isFinite(mhz) && mhz > 0 ? Math.round(mhz * 1000) : null;
}
