/**
 * From `kernel: "custom"` / `"custom:NAME"` (a suite, --kernel, BOOT_TALK_KERNEL) to the cached
 * bzImage. Never builds: a benchmark that silently compiled a kernel for minutes would time
 * the wrong thing, so a missing build is an error that says which command makes it.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../../core/errors.ts";
import { cachedBuild, KERNEL_CACHE_DIR, planKernel, shown } from "./build.ts";
import { buildCommandOf, loadKernelConfig, parseKernelRef } from "./configs.ts";
import { KERNEL_FILE, MANIFEST_FILE, readManifest, type KernelManifest } from "./manifest.ts";
import { findKernelSource, SOURCE_PACKAGE } from "./source.ts";

export { parseKernelRef } from "./configs.ts";

/** True for "custom" and "custom:NAME". */
export function isCustomKernelRef(ref: string): boolean {
  return ref === "custom" || ref.startsWith("custom:");
}

export async function resolveCustomKernel(
  ref: string,
  cacheDir = KERNEL_CACHE_DIR,
): Promise<{ path: string; manifest: KernelManifest }> {
  const config = parseKernelRef(ref);
  if (config === null) throw new Error(`not a custom kernel reference: ${ref}`);
  const command = buildCommandOf(config);
  await loadKernelConfig(config); // an unknown name fails first, listing the known ones
  const source = await findKernelSource();
  if (!source) {
    throw new UserError(
      `kernel "${ref}" is boot-talk's own build and it is not built yet (${SOURCE_PACKAGE} is not installed either). ` +
        `Run \`${command}\` first: it installs the source package and builds in a few minutes. Benchmarks never build a kernel themselves.`,
    );
  }
  const plan = await planKernel(config, source, cacheDir);
  const manifest = await cachedBuild(plan);
  if (!manifest) {
    const older = await builtConfigs(cacheDir, config);
    const stale = older.length
      ? ` (${shown(cacheDir)} holds a build of "${config}" from other inputs, ${older.join(", ")}: a fragment, the source package or the compiler changed)`
      : "";
    throw new UserError(
      `kernel "${ref}" is not built for the current inputs${stale}. Run \`${command}\` first; benchmarks never build a kernel themselves.`,
    );
  }
  return { path: join(plan.dir, KERNEL_FILE), manifest };
}

/** Cache keys of complete builds of a config, whatever their inputs. */
async function builtConfigs(cacheDir: string, config: string): Promise<string[]> {
  const keys: string[] = [];
  for (const name of await readdir(cacheDir).catch(() => [] as string[])) {
    const manifest = await readManifest(join(cacheDir, name, MANIFEST_FILE));
    if (manifest?.config === config) keys.push(name);
  }
  return keys;
}
