/**
 * The rendered paper, kept between builds (core/cache.ts, namespace "paper-html"). Its key is
 * coarse on purpose: the paper's text and every file its rendering can read or run, namely all
 * of content/ except content/talk/ (which only the talk reads), src/, core/, public/, the
 * installed packages (npm's lockfile), the BOOT_TALK_* environment and the Node version. Any
 * change to data or code therefore renders the paper again (the chart cache and the statistics
 * cache make that cheaper); what this saves is the whole Markdown pipeline, and loading it, when
 * nothing the paper depends on changed: a talk-only edit, or a rebuild after dist/ was removed.
 */
import { readdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { cacheKey, contentCache, type ContentCache } from "../../core/cache.ts";
import { fileDigest } from "../../core/file-digest.ts";
import { sha256 } from "../../core/hash.ts";
import type { RenderedPaper } from "./render.ts";

export const PAPER_NAMESPACE = "paper-html";
const FORMAT = "paper-html@1";

/** Folders (relative to the project) whose files make up the paper's inputs; content/talk is left out. */
const INPUT_DIRS = ["content", "src", "core", "public"];
const INPUT_FILES = ["package.json", "node_modules/.package-lock.json", "package-lock.json"];
const LEFT_OUT = ["content/talk"];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat();
}

/** "path sha256" of every input file, sorted; files that vanish meanwhile are skipped. */
async function inputDigests(root: string): Promise<string[]> {
  const runsDir = process.env.BOOT_TALK_RUNS_DIR ? resolve(process.env.BOOT_TALK_RUNS_DIR) : null;
  const dirs = [...INPUT_DIRS.map((d) => join(root, d)), ...(runsDir ? [runsDir] : [])];
  const files = [...(await Promise.all(dirs.map(filesUnder))).flat(), ...INPUT_FILES.map((f) => join(root, f))].filter(
    (f) => !LEFT_OUT.some((out) => (relative(root, f) + "/").startsWith(out + "/")),
  );
  const digests = await Promise.all(
    [...new Set(files)].map(async (f) => {
      const digest = await fileDigest(f); // remembered by stat between builds
      return digest === null ? null : `${relative(root, f)} ${digest.sha256}`;
    }),
  );
  return digests.filter((d): d is string => d !== null).sort();
}

/** The key of a paper rendering: its file, its text and everything listed above. */
export async function paperKey(root: string, file: string, text: string): Promise<string> {
  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith("BOOT_TALK_") && k !== "BOOT_TALK_CACHE_DIR")
    .sort();
  return cacheKey(FORMAT, file, sha256(text), await inputDigests(root), env, process.versions.node);
}

function isRenderedPaper(value: unknown): value is RenderedPaper {
  const v = value as Partial<RenderedPaper> | null;
  return (
    !!v &&
    typeof v.html === "string" &&
    Array.isArray(v.headings) &&
    Array.isArray(v.warnings) &&
    !!v.paper &&
    Array.isArray(v.paper.references) &&
    typeof v.frontmatter === "object"
  );
}

export function paperCache(): ContentCache {
  return contentCache(PAPER_NAMESPACE);
}

/** The cached rendering under key, or null (absent, damaged, or not a rendering). */
export async function cachedPaper(cache: ContentCache, key: string): Promise<RenderedPaper | null> {
  const text = await cache.get(key);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return isRenderedPaper(value) ? value : null;
  } catch {
    return null;
  }
}
