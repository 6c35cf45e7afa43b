/**
 * npm run build: builds the site into a fresh folder and puts it in place of dist/ only when
 * the build succeeded.
 *
 *   npm run build [-- --no-wait] [-- ASTRO_BUILD_FLAGS…]
 *
 * - The pages are written by the site renderer (scripts/site/renderer.ts): the site compiled by
 *   Astro once per change of code and kept in .cache/, run here to render every page from the
 *   content as it is now. After a content-only change (prose, a slide, a run record) Astro is
 *   not started at all. When the code changed, `astro build` compiles a new renderer first
 *   (flags are passed through to it), and meanwhile this process renders the paper and the
 *   talk into their caches, quietly, so the pages find them there.
 * - One build at a time: the build takes a lock (.build/lock, see scripts/lib/dir-lock.ts,
 *   shared with npm run pdf). A second build waits for the first and says so; with --no-wait
 *   it refuses instead. A lock left by a killed build is noticed (its process is gone) and taken over.
 * - A failed or interrupted build leaves the previous dist/ exactly as it was; its half-written
 *   folder is deleted.
 * - The PDFs that npm run pdf wrote into the previous dist/ are carried over (and the log says
 *   to redraw them), since building does not print them.
 * - The new folder replaces dist/ by two renames on the same file system: dist/ is only ever
 *   the old complete site or the new complete site (it is absent for the instant between them).
 *
 * `astro build` on its own still builds the same site, byte for byte (tests/build-cache.test.ts).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm } from "node:fs/promises";
import { createRequire, enableCompileCache } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { pruneCache } from "../core/cache.ts";
import { runMain, UserError } from "../core/errors.ts";
import { projectPath } from "../core/paths.ts";
import { recordingLog } from "../core/build-log.ts";
import { acquireLock, describeOwner, type HeldLock } from "./lib/dir-lock.ts";
import {
  buildRenderer,
  findRenderer,
  pruneRenderers,
  RENDERER_CONFIG,
  rendererKey,
  renderersDir,
  renderSite,
} from "./site/renderer.ts";

// This process loads the renderer, the Markdown pipeline and the records code; V8's compile
// cache (as astro's own CLI enables it) took the pipeline's loading from 1.2–1.4 s to 0.8–0.9 s.
enableCompileCache();

/** Work folder of the build script: the lock and the folders being built. */
export const BUILD_DIR = ".build";
export const LOCK_NAME = "lock";

/** The lock every writer of dist/ takes (npm run build, npm run pdf). */
export function distLockPath(root: string): string {
  return join(root, BUILD_DIR, LOCK_NAME);
}

export interface BuildOptions {
  root: string;
  /** The published folder, default <root>/dist. */
  dist?: string;
  /** Wait for another build (default) or refuse. */
  wait?: boolean;
  /** Extra flags for `astro build`. */
  astroArgs?: string[];
}

/** Runs `astro build --outDir outDir ARGS…` in root; rejects with Astro's exit status. */
function astroBuild(root: string, outDir: string, args: string[], children: Set<ReturnType<typeof spawn>>) {
  const cli = join(dirname(createRequire(join(root, "package.json")).resolve("astro/package.json")), "bin/astro.mjs");
  return new Promise<void>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, "build", "--outDir", outDir, ...args], {
      cwd: root,
      stdio: "inherit",
    });
    children.add(child);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      children.delete(child);
      if (code === 0) resolvePromise();
      else
        reject(
          new UserError(`astro build failed (${signal ?? `exit ${code}`}); dist/ was left as it was`, { exitCode: 1 }),
        );
    });
  });
}

const PDF = /\.pdf$/i;

/**
 * How many entries each content cache keeps after a build, the most recently used first: the
 * recent history of edits and branches, in a folder that stays bounded. Each build uses one
 * paper and one talk entry (about 0.5 and 0.3 MB), a record's derived view per record (about
 * 0.1 MB) and an SVG per chart; without a limit a speaker editing prose added 0.8 MB a build.
 */
const CACHE_KEEP: Record<string, number> = {
  "paper-html": 30, // src/paper/paper-cache.ts
  "talk-built": 30, // src/talk/talk-cache.ts
  "derived-records": 300, // core/records/load.ts
  "chart-svg": 1000, // src/charts/render-cache.ts
  "code-hast": 300, // src/talk/highlight.ts
};

/**
 * Renders the paper, then the talk, into their caches while Astro compiles a renderer, saying
 * nothing: the pages say what the renderings said when they find them there. A failure is left
 * to the page, which fails the build with the error. The pipelines are imported here, not at
 * start-up, so taking the lock and starting Astro come first.
 */
async function prepareDocuments(root: string): Promise<void> {
  const quietly = (render: () => Promise<unknown>) => recordingLog(render, { quiet: true }).catch(() => undefined);
  await quietly(async () => (await import("../src/paper/loader.ts")).loadPaper({ root }));
  await quietly(async () => {
    const { isTalkCached, talkFile } = await import("../src/talk/talk-cache.ts");
    // Cached already (a rebuild with no talk edit): no need to load the talk's whole pipeline.
    if (await isTalkCached(root, resolve(root, talkFile()))) return;
    const { buildTalk } = await import("../src/talk/build.ts");
    await buildTalk({ root, file: talkFile(), assetPrefix: "../" });
  });
}

/** Copies the previous build's PDFs (npm run pdf output) into the new site. */
async function carryPdfs(from: string, to: string): Promise<string[]> {
  if (!existsSync(from)) return [];
  const pdfs = (await readdir(from)).filter((f) => PDF.test(f));
  for (const file of pdfs) if (!existsSync(join(to, file))) await copyFile(join(from, file), join(to, file));
  return pdfs;
}

/** Puts staging in place of dist: dist → aside, staging → dist, aside deleted. */
async function swapIn(staging: string, dist: string, aside: string): Promise<void> {
  const hadDist = existsSync(dist);
  if (hadDist) await rename(dist, aside);
  try {
    await rename(staging, dist);
  } catch (error) {
    if (hadDist) await rename(aside, dist); // never leave the site missing
    throw error;
  }
  if (hadDist) await rm(aside, { recursive: true, force: true });
}

export async function buildSite(options: BuildOptions): Promise<void> {
  const { root } = options;
  const dist = options.dist ?? join(root, "dist");
  const work = join(root, BUILD_DIR);
  await mkdir(work, { recursive: true });
  const id = `${process.pid}-${randomBytes(3).toString("hex")}`;
  const staging = join(work, `dist-${id}`);
  const aside = join(work, `previous-${id}`);
  const children = new Set<ReturnType<typeof spawn>>();
  let lock: HeldLock | undefined;

  // Ctrl-C, a closed terminal or a CI timeout: stop Astro, delete the half-built folder, free the lock.
  const onSignal = (signal: NodeJS.Signals) => {
    for (const child of children) child.kill(signal);
    void rm(staging, { recursive: true, force: true }).finally(() => {
      lock?.release();
      process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as Record<string, number>)[signal]!);
    });
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) process.on(s, onSignal);
  try {
    lock = await acquireLock(distLockPath(root), {
      purpose: "npm run build",
      wait: options.wait ?? true,
      onWait: (owner) =>
        process.stderr.write(`waiting: ${describeOwner(owner)} holds ${relative(root, distLockPath(root))}…\n`),
    });
    await removeLeftovers(work);
    try {
      const renderer = await compiledRenderer(root, options.astroArgs ?? [], children);
      const started = performance.now();
      const pages = await renderSite(renderer, staging);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      process.stderr.write(
        `${pages.map((p) => `  ${p.file} (${Math.round(p.ms)} ms)\n`).join("")}` +
          `rendered ${pages.length} page(s) in ${seconds} s with the site renderer ${relative(root, renderer)}\n`,
      );
      if (!existsSync(join(staging, "index.html")))
        throw new UserError(`the site has no index page (src/pages/index.astro); dist/ was left as it was`, {
          exitCode: 1,
        });
      const pdfs = await carryPdfs(dist, staging);
      await swapIn(staging, dist, aside);
      if (pdfs.length)
        process.stderr.write(
          `kept ${pdfs.join(", ")} from the previous build; run npm run pdf to print them from this one\n`,
        );
      await pruneRenderers(undefined, renderer);
      for (const [namespace, keep] of Object.entries(CACHE_KEEP)) await pruneCache(namespace, keep);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } finally {
    lock?.release();
    for (const s of signals) process.off(s, onSignal);
  }
}

/**
 * The renderer of the code as it is: the kept one, or one compiled now by `astro build`
 * (while the documents render into their caches in this process).
 */
async function compiledRenderer(root: string, astroArgs: string[], children: Set<ReturnType<typeof spawn>>) {
  const key = await rendererKey(root, astroArgs);
  const kept = await findRenderer(key, root);
  if (kept) return kept;
  process.stderr.write(
    `compiling the site renderer (the code changed since the last build) into ${relative(root, renderersDir())}/\n`,
  );
  const preparing = prepareDocuments(root);
  const renderer = await buildRenderer(root, key, (outDir) =>
    astroBuild(root, outDir, ["--config", RENDERER_CONFIG, ...astroArgs], children),
  );
  await preparing;
  return renderer;
}

/** Folders of builds that were killed outright (SIGKILL, power loss); only called under the lock. */
async function removeLeftovers(work: string): Promise<void> {
  for (const name of await readdir(work)) {
    // prepared-: the documents' folder of builds before the site renderer.
    if (/^(dist|previous|prepared)-\d+-[0-9a-f]+$/.test(name))
      await rm(join(work, name), { recursive: true, force: true });
  }
}

const USAGE = `usage: npm run build [-- --no-wait] [-- ASTRO_BUILD_FLAGS…]
  builds the site into .build/ and swaps it in for dist/ only when the build succeeded;
  waits for another build or npm run pdf to finish (--no-wait: refuse instead);
  ASTRO_BUILD_FLAGS go to astro build, which compiles the site renderer (scripts/site/renderer.ts)`;

export function parseBuildArgs(argv: string[]): { wait: boolean; astroArgs: string[] } {
  const astroArgs: string[] = [];
  let wait = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") throw new UserError(USAGE, { exitCode: 0 });
    if (arg === "--no-wait") wait = false;
    else if (arg === "--outDir" || arg.startsWith("--outDir="))
      throw new UserError("npm run build always writes dist/; to build elsewhere run npx astro build --outDir DIR");
    else astroArgs.push(arg);
  }
  return { wait, astroArgs };
}

if (import.meta.main) await runMain(() => buildSite({ root: projectPath(), ...parseBuildArgs(process.argv.slice(2)) }));
