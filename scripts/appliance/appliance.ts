/**
 * The appliance: a host kernel plus an initramfs made from a static busybox and a generated
 * /init. Built once per distinct input and cached under .cache/appliance/<hash>/, so
 * re-running a benchmark never rebuilds it unless the kernel, busybox, /init or
 * compression changed.
 */
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import * as zlib from "node:zlib";
import { UserError } from "../../core/errors.ts";
import { canonicalJson, sha256, sha256File } from "../../core/hash.ts";
import { writeCpio, type CpioEntry } from "./cpio.ts";
import { isStaticElf } from "./elf.ts";
import { DEFAULT_STEPS, renderInitScript, type InitStep } from "./init-script.ts";
import { locateBusybox, locateKernel } from "./locate.ts";
import { kernelBuildInfo, type KernelBuildInfo } from "../kernel/manifest.ts";
import { projectPath } from "../../core/paths.ts";

/** Bumped when the archive layout changes, so old caches are not reused. */
const FORMAT_VERSION = 1;

/** How the initramfs is compressed; all three are understood by Debian kernels. */
export type Compression = "none" | "gzip" | "zstd";
export const COMPRESSIONS: readonly Compression[] = ["none", "gzip", "zstd"];

/** What an appliance is made of. Everything optional has a sensible default. */
export interface ApplianceSpec {
  /** Kernel image path, or "custom"/"custom:NAME" (npm run kernel); default: newest /boot/vmlinuz-* (preferring -cloud-). */
  kernel?: string;
  /** Static busybox path; default: /bin/busybox. */
  busybox?: string;
  /** Initramfs compression; default gzip. */
  compression?: Compression;
  /** /init steps; default DEFAULT_STEPS. */
  steps?: readonly InitStep[];
  /** Cache folder; default .cache/appliance under the project. */
  cacheDir?: string;
}

/** A built appliance, ready to boot. Hashes make runs traceable to their exact inputs. */
export interface Appliance {
  kernel: { path: string; sha256: string; bytes: number };
  initrd: { path: string; sha256: string; bytes: number; compression: Compression };
  busybox: { path: string; sha256: string };
  /** Set when the kernel is a boot-talk build (npm run kernel): which config and source it came from. */
  kernelBuild?: KernelBuildInfo;
  /** Hash of all inputs (kernel, busybox, /init, compression, format); names the cache entry. */
  hash: string;
  /** True when this call built it, false when it came from the cache. */
  built: boolean;
}

export const DEFAULT_CACHE_DIR = projectPath(".cache/appliance");

/** Builds (or reuses) the appliance described by spec. */
export async function buildAppliance(spec: ApplianceSpec = {}): Promise<Appliance> {
  const compression = spec.compression ?? "gzip";
  if (!COMPRESSIONS.includes(compression)) {
    throw new UserError(
      `unknown initramfs compression ${JSON.stringify(compression)}; use one of ${COMPRESSIONS.join(", ")}`,
    );
  }
  const kernelPath = await locateKernel(spec.kernel ?? process.env.BOOT_TALK_KERNEL);
  const busyboxPath = await locateBusybox(spec.busybox);
  const busyboxBytes = await readFile(busyboxPath);
  if (!isStaticElf(busyboxBytes)) {
    throw new UserError(
      `${busyboxPath} is dynamically linked, so it cannot run alone in the initramfs. ` +
        `Install the package busybox-static (it replaces busybox), or pass a static busybox.`,
    );
  }
  const initScript = renderInitScript(spec.steps ?? DEFAULT_STEPS);
  const kernelSha = await sha256File(kernelPath);
  const kernelBuild = await kernelBuildInfo(kernelPath, kernelSha);
  const busyboxSha = sha256(busyboxBytes);
  const hash = sha256(canonicalJson({ FORMAT_VERSION, kernelSha, busyboxSha, initScript, compression })).slice(0, 16);

  const dir = join(spec.cacheDir ?? DEFAULT_CACHE_DIR, hash);
  const initrdPath = join(dir, `initrd.cpio${compression === "none" ? "" : compression === "gzip" ? ".gz" : ".zst"}`);
  let built = false;
  if (!(await stat(initrdPath).catch(() => null))) {
    const archive = writeCpio(initramfsEntries(busyboxBytes, initScript));
    await mkdir(dir, { recursive: true });
    // Write to a temporary name first so a crash never leaves a truncated initrd in the cache.
    const temporary = `${initrdPath}.tmp-${process.pid}`;
    await writeFile(temporary, await compress(archive, compression));
    await rename(temporary, initrdPath);
    built = true;
  }
  const initrdBytes = await readFile(initrdPath);
  return {
    kernel: { path: kernelPath, sha256: kernelSha, bytes: (await stat(kernelPath)).size },
    initrd: { path: initrdPath, sha256: sha256(initrdBytes), bytes: initrdBytes.length, compression },
    busybox: { path: busyboxPath, sha256: busyboxSha },
    ...(kernelBuild ? { kernelBuild } : {}),
    hash,
    built,
  };
}

/** The initramfs layout: busybox, /init, mount points, and /dev/console for init's output. */
function initramfsEntries(busybox: Uint8Array, initScript: string): CpioEntry[] {
  return [
    { type: "dir", path: "bin" },
    { type: "file", path: "bin/busybox", mode: 0o755, data: busybox },
    // The kernel opens /dev/console for init before any devtmpfs is mounted.
    { type: "dir", path: "dev" },
    { type: "chardev", path: "dev/console", mode: 0o600, major: 5, minor: 1 },
    { type: "dir", path: "proc" },
    { type: "dir", path: "sys" },
    { type: "dir", path: "tmp", mode: 0o1777 },
    { type: "file", path: "init", mode: 0o755, data: Buffer.from(initScript) },
  ];
}

async function compress(data: Uint8Array, compression: Compression): Promise<Uint8Array> {
  switch (compression) {
    case "none":
      return data;
    case "gzip":
      return promisify(zlib.gzip)(data, { level: 9 });
    case "zstd":
      return promisify(zlib.zstdCompress)(data, { params: { [zlib.constants.ZSTD_c_compressionLevel]: 19 } });
  }
}
