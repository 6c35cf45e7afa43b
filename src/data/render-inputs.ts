/**
 * What a cached rendering of the paper or the talk depends on (src/paper/paper-cache.ts,
 * src/talk/talk-cache.ts). The key is coarse on purpose: every file its rendering can read or
 * run, namely all of content/ except the other document's folder, src/, core/, public/, the
 * installed packages (npm's lockfile), the BOOT_TALK_* environment and the Node version. Any
 * change to data or code therefore renders the document again (the chart cache and the
 * statistics cache make that cheaper); what this saves is the whole pipeline, and loading it,
 * when nothing the document depends on changed.
 */
import { readdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileDigest } from "../../core/file-digest.ts";

/** Folders (relative to the project) whose files make up a rendering's inputs. */
const INPUT_DIRS = ["content", "src", "core", "public"];
/** The installed packages: npm's manifest and lockfiles. */
export const PACKAGE_FILES = ["package.json", "node_modules/.package-lock.json", "package-lock.json"];

/** BOOT_TALK_* variables that do not change what is rendered: where the caches live. */
const NOT_INPUTS = new Set(["BOOT_TALK_CACHE_DIR"]);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat();
}

/**
 * "path sha256" of every input file, sorted: the folders above (and extraDirs, such as a
 * records folder outside the project) minus leftOut (paths relative to root).
 */
export async function inputDigests(
  root: string,
  options: { leftOut?: readonly string[]; extraDirs?: readonly string[] } = {},
): Promise<string[]> {
  const runsDir = process.env.BOOT_TALK_RUNS_DIR ? resolve(process.env.BOOT_TALK_RUNS_DIR) : null;
  const dirs = [...INPUT_DIRS.map((d) => join(root, d)), ...(runsDir ? [runsDir] : []), ...(options.extraDirs ?? [])];
  return digestsOf(root, dirs, PACKAGE_FILES, options.leftOut);
}

/**
 * "path sha256" of every file under dirs (absolute) and of files (relative to root), minus
 * leftOut (relative to root), sorted; files that do not exist or vanish meanwhile are skipped.
 */
export async function digestsOf(
  root: string,
  dirs: readonly string[],
  files: readonly string[],
  leftOut: readonly string[] = [],
): Promise<string[]> {
  const all = [...(await Promise.all(dirs.map(filesUnder))).flat(), ...files.map((f) => join(root, f))].filter(
    (f) => !leftOut.some((out) => (relative(root, f) + "/").startsWith(out + "/")),
  );
  const digests = await Promise.all(
    [...new Set(all)].map(async (f) => {
      const digest = await fileDigest(f); // remembered by stat between builds
      return digest === null ? null : `${relative(root, f)} ${digest.sha256}`;
    }),
  );
  return digests.filter((d): d is string => d !== null).sort();
}

/** The BOOT_TALK_* environment a rendering can depend on, sorted. */
export function renderEnvironment(): Array<[string, string | undefined]> {
  return Object.entries(process.env)
    .filter(([k]) => k.startsWith("BOOT_TALK_") && !NOT_INPUTS.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
