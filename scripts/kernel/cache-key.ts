/**
 * The cache key of a kernel build: a hash of everything that can change the bzImage. Two
 * builds with the same key are interchangeable, so a key names its cache entry
 * (.cache/kernel/<key>/) and a benchmark can find the build without rebuilding.
 */
import { canonicalJson, sha256 } from "../../core/hash.ts";

/** Bumped when the build recipe changes (steps, make targets, files kept), so old entries are not reused. */
export const KERNEL_FORMAT_VERSION = 1;

export interface KernelBuildInputs {
  config: string;
  source: { package: string; version: string; tarballSha256: string };
  /** The starting point before the fragments, e.g. "tinyconfig". */
  base: string;
  arch: string;
  /** In merge order; the content hash, so editing a fragment makes a new build. */
  fragments: ReadonlyArray<{ file: string; sha256: string }>;
  /** First lines of `gcc --version` and `ld --version`. */
  compiler: { cc: string; ld: string };
  /** The KBUILD_* values that end up inside the image. */
  buildEnv: Readonly<Record<string, string>>;
  formatVersion: number;
}

/** 16 hex digits of the SHA-256 of the inputs in canonical JSON (key order does not matter). */
export function kernelCacheKey(inputs: KernelBuildInputs): string {
  return sha256(canonicalJson(inputs)).slice(0, 16);
}
