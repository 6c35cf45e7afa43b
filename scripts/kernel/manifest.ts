/**
 * manifest.json, written beside each built bzImage: what went into the build and what came
 * out, so a boot record can say exactly which configuration booted.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";

export const MANIFEST_FILE = "manifest.json";
export const KERNEL_FILE = "bzImage";

export const KernelManifest = z.object({
  schema: z.literal("boot-talk/kernel-build@1"),
  /** The cache key (names the folder). */
  key: z.string(),
  /** Config name ("appliance" is the base) and how a suite names it ("custom", "custom:NAME"). */
  config: z.string(),
  kernelRef: z.string(),
  source: z.object({ package: z.string(), version: z.string(), tarball: z.string(), tarballSha256: z.string() }),
  base: z.string(),
  arch: z.string(),
  fragments: z.array(z.object({ file: z.string(), sha256: z.string() })),
  /** SHA-256 of the final .config (kept beside the image as `config`). */
  configSha256: z.string(),
  kernel: z.object({ file: z.string(), sha256: z.string(), bytes: z.number().int(), release: z.string() }),
  compiler: z.object({ cc: z.string(), ld: z.string() }),
  buildEnv: z.record(z.string(), z.string()),
  build: z.object({
    durationMs: z.number(),
    phases: z.array(z.object({ name: z.string(), ms: z.number() })),
    jobs: z.number().int(),
    builtAt: z.string(),
  }),
});
export type KernelManifest = z.infer<typeof KernelManifest>;

/** What an appliance (and so a record) carries about a custom kernel. */
export interface KernelBuildInfo {
  sourcePackage: string;
  sourceVersion: string;
  config: string;
  configSha256: string;
  fragments: Array<{ file: string; sha256: string }>;
}

/** Reads a manifest; null when the file is missing or not a kernel manifest. */
export async function readManifest(path: string): Promise<KernelManifest | null> {
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null) return null;
  try {
    const parsed = KernelManifest.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The build info of a kernel image when it is a boot-talk build: a manifest beside it whose
 * kernel hash matches the image. Any other kernel (the stock one) gets null.
 */
export async function kernelBuildInfo(kernelPath: string, kernelSha256: string): Promise<KernelBuildInfo | null> {
  const manifest = await readManifest(join(dirname(kernelPath), MANIFEST_FILE));
  if (!manifest || manifest.kernel.sha256 !== kernelSha256) return null;
  return {
    sourcePackage: manifest.source.package,
    sourceVersion: manifest.source.version,
    config: manifest.config,
    configSha256: manifest.configSha256,
    fragments: manifest.fragments,
  };
}
