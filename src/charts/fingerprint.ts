/**
 * What a chart's bytes depend on besides its spec: the code that turns a spec into the site's
 * SVG (this folder's renderer modules), the installed Vega, Vega-Lite and fontkit with every
 * package they pull in (from npm's lockfile of the installed tree), the font files, and the
 * JavaScript engine. Part of every render-cache key (render-cache.ts), so a change to any of
 * them renders every chart again instead of serving a figure drawn by other code.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "../../core/hash.ts";
import { projectPath } from "../../core/paths.ts";
import { FONT_FILES, FONTS_DIR } from "./fonts.ts";

/** The modules between a Vega-Lite spec and the published SVG (src/charts/). */
export const RENDERER_MODULES = [
  "render.ts",
  "svg-post.ts",
  "theme.ts",
  "text-metrics.ts",
  "fonts.ts",
  "spec-check.ts",
] as const;

/** The packages whose code draws a chart; their dependencies are followed through the lockfile. */
export const RENDERER_PACKAGES = ["vega", "vega-lite", "fontkit"] as const;

interface LockPackage {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The lockfile of what is installed (npm writes node_modules/.package-lock.json), else the project's. */
function readLockfile(): { file: string; packages: Record<string, LockPackage> } {
  for (const file of [projectPath("node_modules/.package-lock.json"), projectPath("package-lock.json")]) {
    if (!existsSync(file)) continue;
    const lock = JSON.parse(readFileSync(file, "utf8")) as { packages?: Record<string, LockPackage> };
    if (lock.packages) return { file, packages: lock.packages };
  }
  throw new Error(
    `no npm lockfile (node_modules/.package-lock.json or package-lock.json) in ${projectPath()}: run npm install`,
  );
}

/**
 * "name@version" of each package in the closure of roots, resolved the way Node resolves them in
 * npm's layout (a nested node_modules first, then each parent's).
 */
export function packageClosure(roots: readonly string[], packages: Record<string, LockPackage>): string[] {
  const seen = new Map<string, string>();
  const resolvePath = (name: string, from: string): string | undefined => {
    let base = from;
    for (;;) {
      const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!base) return undefined;
      const cut = base.lastIndexOf("/node_modules/");
      base = cut < 0 ? "" : base.slice(0, cut);
    }
  };
  const visit = (name: string, from: string) => {
    const path = resolvePath(name, from);
    if (!path || seen.has(path)) return;
    const entry = packages[path]!;
    seen.set(path, `${name}@${entry.version ?? "?"}`);
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) visit(dep, path);
  };
  for (const root of roots) {
    if (!resolvePath(root, "")) throw new Error(`${root} is not installed (not in the lockfile): run npm install`);
    visit(root, "");
  }
  return [...seen].map(([path, id]) => `${path} ${id}`).sort();
}

let lockfile: Record<string, LockPackage> | undefined;
let fonts: string[] | undefined;
const sourceDigest = (module: string) => `${module} ${sha256(readFileSync(projectPath("src/charts", module)))}`;
const installed = () => (lockfile ??= readLockfile().packages);
const fontDigests = () =>
  (fonts ??= Object.entries(FONT_FILES).map(([w, f]) => `${w} ${sha256(readFileSync(join(FONTS_DIR, f)))}`));

let renderer: string | undefined;

/** A digest of everything besides the spec that determines a chart's SVG. Computed once per process. */
export function rendererFingerprint(): string {
  renderer ??= sha256(
    JSON.stringify({
      sources: RENDERER_MODULES.map(sourceDigest),
      packages: packageClosure(RENDERER_PACKAGES, installed()),
      fonts: fontDigests(),
      engine: process.versions.v8,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    }),
  );
  return renderer;
}

let metrics: string | undefined;

/** What a measured text width depends on: the font files, fonts.ts and fontkit. */
export function textMetricsFingerprint(): string {
  metrics ??= sha256(
    JSON.stringify({
      sources: [sourceDigest("fonts.ts")],
      packages: packageClosure(["fontkit"], installed()),
      fonts: fontDigests(),
    }),
  );
  return metrics;
}
