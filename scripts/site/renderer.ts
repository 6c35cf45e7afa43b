/**
 * The site renderer: the site's pages compiled by Astro once per change of code, kept between
 * builds, and run by npm run build (scripts/build.ts) to write the static pages from the
 * content as it is now.
 *
 * Why: `astro build` spends about a second loading itself and bundling ~150 modules on every
 * run, although between two builds of a talk usually only content/ changed (a sentence, a
 * slide, a new run record). Astro's own on-demand rendering is made for exactly this: the
 * pages compiled once (renderer.config.mjs: the site's config with output "server"), rendered
 * per request by Astro's App (render-entry.ts). Here each request is one page of the static
 * site, made in this process from the current content, so a content edit costs the rendering
 * of what changed and nothing of Astro's start-up. The renderer carries the packages the pages
 * use, bundled (renderer.config.mjs says why). It builds fixed pages, and files made by
 * endpoints (a path with an extension); a dynamic route or a redirect fails the build with its
 * file named (render-entry.ts).
 *
 * The compiled renderer lives under .cache/site-renderer/<key>/ (or $BOOT_TALK_CACHE_DIR),
 * keyed by every file the compilation reads: src/, core/, public/, the Astro configs, this
 * folder, the installed packages and Node's version; content/ is not in the key, since pages
 * read it when they are rendered. A renderer is built into a temporary folder and renamed into
 * place whole, its marker written last; a folder without a valid marker is not used. The
 * newest few renderers are kept.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rename, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { cacheKey, cacheRoot } from "../../core/cache.ts";
import { UserError } from "../../core/errors.ts";
import { isProcessRunning } from "../../core/process.ts";
import { digestsOf, PACKAGE_FILES } from "../../src/data/render-inputs.ts";
import type * as RendererEntry from "./render-entry.ts";

const FORMAT = "site-renderer@1";
export const RENDERER_NAMESPACE = "site-renderer";
/** The Astro config that compiles the site as a renderer, relative to the project. */
export const RENDERER_CONFIG = "scripts/site/renderer.config.mjs";
/** Renderers kept after a build: the one used and the previous ones, for switching branches. */
export const RENDERERS_KEPT = 3;

const MARKER = "renderer.json";
const KEY_DIRS = ["src", "core", "public", "scripts/site"];
const KEY_FILES = [...PACKAGE_FILES, "astro.config.mjs", "tsconfig.json"];

interface Marker {
  format: string;
  key: string;
}

/**
 * What the renderer's compilation depends on (see the top of this file), with the flags given
 * to `astro build` and the PUBLIC_* variables Vite writes into the compiled code.
 */
export async function rendererKey(root: string, astroArgs: readonly string[] = []): Promise<string> {
  const files = await digestsOf(
    root,
    KEY_DIRS.map((d) => join(root, d)),
    KEY_FILES,
  );
  const inlined = Object.entries(process.env)
    .filter(([name]) => name.startsWith("PUBLIC_"))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return cacheKey(FORMAT, files, astroArgs, inlined, process.versions.node);
}

export function renderersDir(): string {
  return join(cacheRoot(), RENDERER_NAMESPACE);
}

/**
 * The folder of the renderer for key when it is complete, else null. Its link to the packages
 * is pointed at root's node_modules again when the folder it named is gone (a moved project).
 */
export async function findRenderer(key: string, root: string): Promise<string | null> {
  const dir = join(renderersDir(), key);
  if (!(await isComplete(dir, key))) return null;
  if (!existsSync(join(dir, "node_modules"))) {
    await rm(join(dir, "node_modules"), { force: true });
    await linkPackages(root, dir);
  }
  const now = new Date();
  await utimes(join(dir, MARKER), now, now).catch(() => undefined); // most recently used, for pruning
  return dir;
}

/** The compiled pages import packages by name; resolved through this link wherever the cache lives. */
function linkPackages(root: string, dir: string): Promise<void> {
  return symlink(join(root, "node_modules"), join(dir, "node_modules"), "dir");
}

/**
 * Compiles the renderer for key: compile(outDir) runs Astro with RENDERER_CONFIG into a
 * temporary folder, which then becomes the renderer's folder in one rename.
 */
export async function buildRenderer(
  root: string,
  key: string,
  compile: (outDir: string) => Promise<void>,
): Promise<string> {
  const dir = join(renderersDir(), key);
  const building = join(renderersDir(), `building-${process.pid}-${randomBytes(3).toString("hex")}`);
  await mkdir(building, { recursive: true });
  try {
    await compile(building);
    if (!existsSync(join(building, "server/entry.mjs")))
      throw new UserError(`astro build with ${RENDERER_CONFIG} wrote no server/entry.mjs into ${building}`);
    await linkPackages(root, building);
    const marker: Marker = { format: FORMAT, key };
    await writeFile(join(building, MARKER), JSON.stringify(marker) + "\n");
    await moveIntoPlace(building, dir, key);
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return dir;
}

/**
 * Renames the compiled renderer to its key's folder. A complete renderer already there (a build
 * sharing this cache compiled the same code meanwhile, and may be rendering with it) is kept and
 * ours discarded; an incomplete one is moved aside and deleted first.
 */
async function moveIntoPlace(building: string, dir: string, key: string): Promise<void> {
  if (existsSync(dir)) {
    if (await isComplete(dir, key)) return;
    const aside = `${building}-damaged`;
    await rename(dir, aside);
    await rm(aside, { recursive: true, force: true });
  }
  try {
    await rename(building, dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === "ENOTEMPTY" || code === "EEXIST") && (await isComplete(dir, key))) return; // compiled meanwhile
    throw error;
  }
}

async function isComplete(dir: string, key: string): Promise<boolean> {
  try {
    const marker = JSON.parse(await readFile(join(dir, MARKER), "utf8")) as Partial<Marker>;
    return marker.format === FORMAT && marker.key === key && existsSync(join(dir, "server/entry.mjs"));
  } catch {
    return false;
  }
}

type RenderEntry = typeof RendererEntry;

/**
 * Where Astro's static build (build.format "directory") writes the page at pathname, or the
 * file an endpoint makes there (its path as it is).
 */
export function pageFile(pathname: string, kind: "page" | "endpoint" = "page"): string {
  const path = pathname.replace(/^\/+|\/+$/g, "");
  if (kind === "endpoint") return path;
  if (path === "") return "index.html";
  if (path === "404" || path === "500") return `${path}.html`;
  return `${path}/index.html`;
}

/** A page written by renderSite: its file, relative to the site, and how long it took. */
export interface WrittenPage {
  file: string;
  ms: number;
}

/**
 * Writes the static site into outDir with the renderer in dir: the files Astro copies as they
 * are (public/), then every page rendered from the current content, in the order Astro's
 * manifest lists them.
 */
export async function renderSite(dir: string, outDir: string): Promise<WrittenPage[]> {
  const entry = (await import(pathToFileURL(join(dir, "server/entry.mjs")).href)) as RenderEntry;
  await mkdir(outDir, { recursive: true });
  if (existsSync(join(dir, "client"))) await cp(join(dir, "client"), outDir, { recursive: true });
  const written: WrittenPage[] = [];
  for (const page of entry.sitePages()) {
    const started = performance.now();
    const { status, body } = await entry.renderPage(page.pathname);
    if (status !== 200)
      throw new UserError(
        `${page.component}: rendering ${page.pathname} failed (status ${status}, the error is above); dist/ was left as it was`,
        { exitCode: 1 },
      );
    const file = join(outDir, pageFile(page.pathname, page.kind));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, body);
    written.push({ file: relative(outDir, file), ms: performance.now() - started });
  }
  return written;
}

/** Deletes all but the `keep` most recently used renderers, and folders of builds that died. */
export async function pruneRenderers(keep = RENDERERS_KEPT, current?: string): Promise<void> {
  const base = renderersDir();
  const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
  const used: Array<{ dir: string; at: number }> = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const dir = join(base, e.name);
    const match = /^building-(\d+)-/.exec(e.name);
    if (match) {
      if (!isProcessRunning(Number(match[1]))) await rm(dir, { recursive: true, force: true });
      continue;
    }
    const at = await stat(join(dir, MARKER)).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    used.push({ dir, at });
  }
  used.sort((a, b) => b.at - a.at);
  for (const { dir } of used.slice(keep)) if (dir !== current) await rm(dir, { recursive: true, force: true });
}
