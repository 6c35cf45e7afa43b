/**
 * Building one named config into .cache/kernel/<key>/{bzImage,config,manifest.json,build.log}:
 * tinyconfig, merge the fragments, olddefconfig, check that no option was dropped, make
 * bzImage. The entry is assembled in a temporary folder and renamed into place, so an
 * interrupted build never leaves a half entry; a second call with the same inputs is a cache hit.
 */
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { UserError } from "../../core/errors.ts";
import { sha256, sha256File } from "../../core/hash.ts";
import { projectPath, projectRoot } from "../../core/paths.ts";
import { KERNEL_FORMAT_VERSION, kernelCacheKey, type KernelBuildInputs } from "./cache-key.ts";
import { buildCommandOf, kernelRefOf, loadKernelConfig, type KernelConfig } from "./configs.ts";
import { droppedOptions, formatDropped, parseDotConfig } from "./fragment.ts";
import { KERNEL_FILE, MANIFEST_FILE, readManifest, type KernelManifest } from "./manifest.ts";
import { runLogged } from "./run-logged.ts";
import { ensureKernelSource, tarballSha256, type KernelSource } from "./source.ts";
import { checkToolchain, compilerInfo } from "./toolchain.ts";
import { unpackedSource } from "./unpack.ts";
import { isProcessRunning } from "../../core/process.ts";

export const KERNEL_CACHE_DIR = projectPath(".cache/kernel");
/** The starting config: allnoconfig plus the kernel's own tiny.config fragments. */
export const KCONFIG_BASE = "tinyconfig";
export const ARCH = "x86_64";
/**
 * Fixed so the image does not depend on when, by whom or where it was built. The timestamp
 * must be a date `date -d` reads: it also dates the files of the kernel's built-in initramfs.
 */
export const BUILD_ENV: Readonly<Record<string, string>> = {
  KBUILD_BUILD_TIMESTAMP: "2026-01-01 00:00:00 UTC",
  KBUILD_BUILD_USER: "boot-talk",
  KBUILD_BUILD_HOST: "boot-talk",
  KBUILD_BUILD_VERSION: "1",
};

/** Everything needed to know a config's cache entry, without building it. */
export interface KernelPlan {
  config: KernelConfig;
  source: KernelSource & { tarballSha256: string };
  inputs: KernelBuildInputs;
  key: string;
  /** The cache entry folder. */
  dir: string;
}

/** Works out a config's cache key and folder from the installed source and toolchain. */
export async function planKernel(
  configName: string,
  source: KernelSource,
  cacheDir = KERNEL_CACHE_DIR,
): Promise<KernelPlan> {
  const config = await loadKernelConfig(configName);
  const withHash = { ...source, tarballSha256: await tarballSha256(source.tarball) };
  const inputs: KernelBuildInputs = {
    config: config.name,
    source: { package: source.package, version: source.version, tarballSha256: withHash.tarballSha256 },
    base: KCONFIG_BASE,
    arch: ARCH,
    fragments: config.fragments.map((f) => ({ file: f.file, sha256: sha256(f.text) })),
    compiler: await compilerInfo(),
    buildEnv: BUILD_ENV,
    formatVersion: KERNEL_FORMAT_VERSION,
  };
  const key = kernelCacheKey(inputs);
  return { config, source: withHash, inputs, key, dir: join(cacheDir, key) };
}

/** The entry's manifest when the entry is complete, else null. */
export async function cachedBuild(plan: KernelPlan): Promise<KernelManifest | null> {
  const manifest = await readManifest(join(plan.dir, MANIFEST_FILE));
  if (!manifest || !(await stat(join(plan.dir, KERNEL_FILE)).catch(() => null))) return null;
  return manifest;
}

export interface BuildOptions {
  cacheDir?: string;
  jobs?: number;
  progress: (line: string) => void;
}

/** Builds a config, or returns its cache entry. */
export async function buildKernel(
  configName: string,
  options: BuildOptions,
): Promise<{ dir: string; manifest: KernelManifest; built: boolean }> {
  const cacheDir = options.cacheDir ?? KERNEL_CACHE_DIR;
  const progress = options.progress;
  const plan = await planKernel(configName, await ensureKernelSource(progress), cacheDir);
  const hit = await cachedBuild(plan);
  if (hit) return { dir: plan.dir, manifest: hit, built: false };

  await checkToolchain();
  await mkdir(cacheDir, { recursive: true });
  const release = await takeLock(join(cacheDir, `${plan.key}.lock`), configName);
  const temporary = `${plan.dir}.tmp-${process.pid}`;
  try {
    await removeAbandoned(cacheDir);
    await rm(temporary, { recursive: true, force: true });
    await mkdir(temporary);
    const manifest = await buildInto(plan, temporary, cacheDir, options.jobs ?? availableParallelism(), progress);
    try {
      await rename(temporary, plan.dir);
    } catch {
      // A complete entry with the same key appeared meanwhile (same inputs, same result): keep it.
      if (!(await cachedBuild(plan)))
        throw new UserError(`could not move the build into ${plan.dir}; remove that folder and build again.`);
    }
    return { dir: plan.dir, manifest, built: true };
  } finally {
    await rm(temporary, { recursive: true, force: true });
    await release();
  }
}

async function buildInto(
  plan: KernelPlan,
  entry: string,
  cacheDir: string,
  jobs: number,
  progress: (line: string) => void,
): Promise<KernelManifest> {
  const started = performance.now();
  const phases: KernelManifest["build"]["phases"] = [];
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    progress(`  ${name} ...`);
    const t = performance.now();
    const result = await work();
    const ms = performance.now() - t;
    phases.push({ name, ms: Math.round(ms) });
    progress(`  ${name} done in ${(ms / 1000).toFixed(1)} s`);
    return result;
  };
  // The log lives beside the entry while building, so a failed build leaves it for reading.
  const log = join(cacheDir, `${plan.key}.build.log`);
  await writeFile(log, `boot-talk kernel build: config ${plan.config.name}, key ${plan.key}\n`);
  progress(
    `building kernel config "${plan.config.name}" (${plan.config.fragments.map((f) => f.file).join(" + ")}) with make -j ${jobs}`,
  );
  progress(`  log: ${relative(process.cwd(), log) || log}`);

  const source = await phase("unpack source", () =>
    unpackedSource(plan.source.tarball, plan.source.tarballSha256, join(cacheDir, "source"), progress),
  );
  const build = join(entry, "build");
  await mkdir(build);
  const env = { ...BUILD_ENV, LC_ALL: "C", TZ: "UTC" };
  const make = (name: string, targets: string[], fix: string) =>
    runLogged({
      name,
      command: "make",
      args: ["-C", source, `O=${build}`, `ARCH=${ARCH}`, ...targets],
      cwd: build,
      env,
      log,
      fix,
    });

  await phase(KCONFIG_BASE, () =>
    make(KCONFIG_BASE, [KCONFIG_BASE], "check the log; the source tree may be damaged: rm -rf .cache/kernel/source"),
  );
  await phase("merge fragments", () =>
    runLogged({
      name: "merge_config.sh",
      command: join(source, "scripts/kconfig/merge_config.sh"),
      // -m: merge only; olddefconfig below fills in the rest, and we check the result ourselves.
      args: ["-m", "-O", build, join(build, ".config"), ...plan.config.fragments.map((f) => f.path)],
      cwd: build,
      env,
      log,
      fix: "check the fragment files named in the log",
    }),
  );
  await phase("olddefconfig", () =>
    make("olddefconfig", ["olddefconfig"], "check the fragment values named in the log"),
  );

  const finalConfig = await readFile(join(build, ".config"), "utf8");
  const dropped = droppedOptions(
    plan.config.fragments.map((f) => f.parsed),
    parseDotConfig(finalConfig),
  );
  if (dropped.length) {
    // Kept beside the log: the build folder is removed on the way out.
    const kept = join(cacheDir, `${plan.key}.failed.config`);
    await writeFile(kept, finalConfig);
    throw new UserError(
      `kconfig did not keep ${dropped.length} option(s) of config "${plan.config.name}" (the final .config is in ${shown(kept)}):\n  ` +
        formatDropped(dropped).replaceAll("\n", "\n  ") +
        `\n  fix: enable what each option depends on (see its "depends on" in the kernel's Kconfig, or \`make menuconfig\` and search), or drop the line.`,
    );
  }
  progress(
    `  all ${new Set(plan.config.fragments.flatMap((f) => f.parsed.options.map((o) => o.symbol))).size} fragment options are in the final .config`,
  );

  await phase(`make bzImage`, () =>
    make(
      "make bzImage",
      ["-j", String(jobs), "bzImage"],
      "read the compiler error in the log; a fragment may enable a combination that does not build",
    ),
  );

  const image = join(build, "arch/x86/boot/bzImage");
  await copyFile(image, join(entry, KERNEL_FILE));
  await writeFile(join(entry, "config"), finalConfig);
  const kernelRelease = (await readFile(join(build, "include/config/kernel.release"), "utf8")).trim();
  await rm(build, { recursive: true, force: true });

  const manifest: KernelManifest = {
    schema: "boot-talk/kernel-build@1",
    key: plan.key,
    config: plan.config.name,
    kernelRef: kernelRefOf(plan.config.name),
    source: {
      package: plan.source.package,
      version: plan.source.version,
      tarball: plan.source.tarball,
      tarballSha256: plan.source.tarballSha256,
    },
    base: KCONFIG_BASE,
    arch: ARCH,
    fragments: [...plan.inputs.fragments],
    configSha256: sha256(finalConfig),
    kernel: {
      file: KERNEL_FILE,
      sha256: await sha256File(join(entry, KERNEL_FILE)),
      bytes: (await stat(join(entry, KERNEL_FILE))).size,
      release: kernelRelease,
    },
    compiler: plan.inputs.compiler,
    buildEnv: { ...BUILD_ENV },
    build: { durationMs: Math.round(performance.now() - started), phases, jobs, builtAt: new Date().toISOString() },
  };
  await writeFile(join(entry, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
  await rename(log, join(entry, "build.log"));
  await rm(join(cacheDir, `${plan.key}.failed.config`), { force: true });
  return manifest;
}

/**
 * One build per key at a time: a lock file holding our pid. A lock left by a process that no
 * longer runs is taken over.
 */
async function takeLock(path: string, configName: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.write(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(await readFile(path, "utf8").catch(() => ""));
      if (owner && isProcessRunning(owner)) {
        throw new UserError(
          `another \`${buildCommandOf(configName)}\` (pid ${owner}) is building this kernel; wait for it, it will leave the result in the cache.`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new UserError(`could not take the build lock ${path}; remove it and try again.`);
}

/** Removes temporary folders of builds whose process is gone (killed, machine rebooted). */
async function removeAbandoned(cacheDir: string): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    const pid = Number(/\.tmp-(\d+)$/.exec(name)?.[1]);
    if (pid && !isProcessRunning(pid)) await rm(join(cacheDir, name), { recursive: true, force: true });
  }
}

/** The project-relative form of a path, for messages. */
export function shown(path: string): string {
  return relative(projectRoot(), path) || path;
}
