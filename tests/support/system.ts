/**
 * Test support: tests that need a system program (QEMU, a kernel, busybox) skip with a visible
 * reason where it is missing, and fail in CI, where scripts/install-system-deps.sh must have
 * installed it.
 */
import { locateBusybox, locateKernel } from "../../scripts/appliance/locate.ts";
import { locateQemu } from "../../scripts/qemu/host-qemu.ts";

/** Returns null when QEMU, a kernel and busybox are all usable, else why not. */
export async function applianceSkipReason(): Promise<string | null> {
  const problems: string[] = [];
  await locateQemu().catch((e: Error) => problems.push(e.message));
  await locateKernel().catch((e: Error) => problems.push(e.message));
  await locateBusybox().catch((e: Error) => problems.push(e.message));
  const reason = problems.length ? problems.join(" | ") : null;
  if (reason && process.env.CI) throw new Error(`CI must run the QEMU tests, but: ${reason}`);
  if (reason) console.warn(`SKIPPING QEMU tests: ${reason}`);
  return reason;
}

/** True when the given file exists (for optional tools like hyperfine). */

/**
 * Returns null when QEMU, busybox and the custom kernel `ref` (npm run kernel) are all there,
 * else why not. In CI a missing build fails: .ci/run builds the base config before the tests.
 */
export async function customKernelSkipReason(ref: string): Promise<string | null> {
  const { resolveCustomKernel } = await import("../../scripts/kernel/resolve.ts");
  const problems: string[] = [];
  await locateQemu().catch((e: Error) => problems.push(e.message));
  await locateBusybox().catch((e: Error) => problems.push(e.message));
  await resolveCustomKernel(ref).catch((e: Error) => problems.push(e.message));
  const reason = problems.length ? problems.join(" | ") : null;
  if (reason && process.env.CI) throw new Error(`CI must boot the custom kernel, but: ${reason}`);
  if (reason) console.warn(`SKIPPING custom-kernel boot tests: ${reason}`);
  return reason;
}
