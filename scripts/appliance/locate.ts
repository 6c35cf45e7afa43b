/**
 * Finding the appliance's inputs on the host: a kernel image and a static busybox.
 * Each failure is one paragraph that names the package to install.
 */
import { access, constants, readdir } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../../core/errors.ts";
import { isCustomKernelRef, resolveCustomKernel } from "../kernel/resolve.ts";

/** Where scripts/install-system-deps.sh extracts a kernel when /boot has none (unless BOOT_TALK_KERNEL_DIR says elsewhere). */
export const PROJECT_KERNEL_DIR = "/opt/boot-talk/kernel";
/** Read at call time: BOOT_TALK_KERNEL_DIR moves the extracted kernel, as in install-system-deps.sh. */
const kernelDirs = () => ["/boot", process.env.BOOT_TALK_KERNEL_DIR || PROJECT_KERNEL_DIR];
const BUSYBOX_CANDIDATES = ["/bin/busybox", "/usr/bin/busybox"];
const INSTALL_HINT =
  "Run `sudo bash scripts/install-system-deps.sh` (Debian/Ubuntu) to install everything boot-talk needs.";

/** Compares kernel versions like 6.1.0-56 numerically, so 6.10 sorts after 6.9. */
export function compareKernelVersions(a: string, b: string): number {
  const pa = a
    .split(/[^0-9]+/)
    .filter(Boolean)
    .map(Number);
  const pb = b
    .split(/[^0-9]+/)
    .filter(Boolean)
    .map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d) return d;
  }
  return a.localeCompare(b);
}

/**
 * Picks a kernel from file names: `-cloud-` builds first (small, LZ4, quick under emulation),
 * then the newest version.
 */
export function pickKernel(paths: readonly string[]): string | undefined {
  const version = (p: string) => p.slice(p.lastIndexOf("vmlinuz-") + "vmlinuz-".length);
  const ranked = [...paths].sort((a, b) => {
    const cloud = Number(b.includes("-cloud-")) - Number(a.includes("-cloud-"));
    return cloud || compareKernelVersions(version(b), version(a));
  });
  return ranked[0];
}

/**
 * Returns a readable kernel: the override if given ("custom" or "custom:NAME" is boot-talk's own
 * build from `npm run kernel`), else the best candidate on the host.
 */
export async function locateKernel(override?: string): Promise<string> {
  if (override && isCustomKernelRef(override)) return (await resolveCustomKernel(override)).path;
  if (override) {
    await mustRead(override, `The kernel image ${override} (from --kernel or BOOT_TALK_KERNEL)`);
    return override;
  }
  const found: string[] = [];
  const KERNEL_DIRS = kernelDirs();
  for (const dir of KERNEL_DIRS) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) if (name.startsWith("vmlinuz-")) found.push(join(dir, name));
  }
  const kernel = pickKernel(found);
  if (!kernel) {
    throw new UserError(
      `No Linux kernel image found (looked for vmlinuz-* in ${KERNEL_DIRS.join(" and ")}). ` +
        `boot-talk boots a host kernel; Debian's linux-image-cloud-amd64 boots fastest under emulation. ` +
        `${INSTALL_HINT} Or pass --kernel PATH.`,
    );
  }
  await mustRead(kernel, `The kernel image ${kernel}`);
  return kernel;
}

/** Returns the path of a static busybox. */
export async function locateBusybox(override?: string): Promise<string> {
  for (const path of override ? [override] : BUSYBOX_CANDIDATES) {
    if (
      await access(path, constants.R_OK).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  throw new UserError(
    `No busybox found (looked at ${override ?? BUSYBOX_CANDIDATES.join(", ")}). The appliance's userspace is a ` +
      `static busybox: install the package busybox-static (apt-get install busybox-static). ${INSTALL_HINT}`,
  );
}

async function mustRead(path: string, what: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new UserError(
      `${what} is missing or not readable by this user. On Ubuntu /boot/vmlinuz-* is readable by root only: ` +
        `run \`sudo chmod a+r ${path}\`, or extract a kernel with \`sudo bash scripts/install-system-deps.sh\` ` +
        `(it puts one in ${PROJECT_KERNEL_DIR}), or pass --kernel PATH.`,
    );
  }
}
