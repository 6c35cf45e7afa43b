/**
 * npm run chart -- SPEC.vl.json [-o OUT.svg] [--png OUT.png] [--target paper|deck]
 *
 * Renders any Vega-Lite spec with the site's theme and fonts, exactly as the site would, so a
 * figure can be checked alone and reused elsewhere. Data URLs resolve relative to the spec
 * file. Without -o the SVG goes next to the spec (SPEC.svg); "-o -" writes it to stdout.
 * --png screenshots the SVG in the system Chromium with the site's Inter font loaded.
 */
process.env.TZ = "UTC"; // local-time specs must render the same everywhere (before any Date use)

import { existsSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { TopLevelSpec } from "vega-lite";
import { runMain, UserError } from "../core/errors.ts";
import { FONT_FILES, FONT_FAMILY, FONTS_DIR } from "../src/charts/fonts.ts";
import { renderSpec, SpecError } from "../src/charts/render.ts";
import { TARGETS, type Target } from "../src/charts/theme.ts";

const USAGE = "usage: npm run chart -- SPEC.vl.json [-o OUT.svg|-] [--png OUT.png] [--target paper|deck]";

/** Parses the command line; bad usage is a UserError that prints the usage line. */
export function parseChartArgs(argv: string[]): { spec: string; out: string; png: string | null; target: Target } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: "string", short: "o" },
        png: { type: "string" },
        target: { type: "string", default: "paper" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UserError(`${(error as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) throw new UserError(USAGE, { exitCode: 0 });
  if (parsed.positionals.length !== 1) throw new UserError(`give exactly one spec file\n${USAGE}`);
  const target = parsed.values.target as Target;
  if (!TARGETS.includes(target)) throw new UserError(`--target ${target}: use one of ${TARGETS.join(", ")}`);
  const spec = resolve(parsed.positionals[0]!);
  const out = parsed.values.out ?? join(dirname(spec), basename(spec).replace(/(\.vl)?\.json$/i, "") + ".svg");
  return { spec, out, png: parsed.values.png ? resolve(parsed.values.png) : null, target };
}

/** Reads and renders one spec file; errors name the file. */
export async function renderSpecFile(file: string, target: Target): Promise<string> {
  if (!existsSync(file)) throw new UserError(`${file}: no such spec file`);
  let spec: TopLevelSpec;
  try {
    spec = JSON.parse(await readFile(file, "utf8")) as TopLevelSpec;
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!spec || typeof spec !== "object" || Array.isArray(spec))
    throw new UserError(`${file}: a Vega-Lite spec must be a JSON object`);
  try {
    return await renderSpec(spec, { target, baseDir: dirname(file) });
  } catch (error) {
    if (error instanceof SpecError) throw new UserError(`${file}: Vega-Lite error: ${error.message}`);
    throw error;
  }
}

/** The page the PNG is taken from: the site's @font-face rules and the SVG, nothing else. */
function pngPage(svg: string): string {
  const faces = Object.entries(FONT_FILES)
    .map(
      ([weight, name]) =>
        `@font-face{font-family:"${FONT_FAMILY}";font-weight:${weight};src:url("${pathToFileURL(join(FONTS_DIR, name)).href}") format("woff2")}`,
    )
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><style>${faces}html,body{margin:0;background:#fff}svg{display:block}</style></head><body>${svg}</body></html>`;
}

export async function svgToPng(svg: string, out: string): Promise<void> {
  const { chromium } = await import("playwright-core");
  const executablePath = process.env.BOOT_TALK_CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(executablePath))
    throw new UserError(
      `--png needs Chromium at ${executablePath} (install the Debian package chromium, or set BOOT_TALK_CHROMIUM)`,
    );
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 2, colorScheme: "light" });
    await page.goto("about:blank");
    const html = join(dirname(out), `.${basename(out)}.${process.pid}.html`);
    await writeFile(html, pngPage(svg));
    try {
      await page.goto(pathToFileURL(html).href);
      await page.evaluate(() => document.fonts.ready);
      await page.locator("svg").first().screenshot({ path: out, omitBackground: false });
    } finally {
      await import("node:fs/promises").then((fs) => fs.unlink(html)).catch(() => {});
    }
  } finally {
    await browser.close();
  }
}

/** Checks, before any rendering, that a file can be written at path (not a folder, in a folder that exists). */
export async function checkOutputPath(path: string, option: string): Promise<void> {
  const here = await stat(path).catch(() => null);
  if (here?.isDirectory())
    throw new UserError(
      `${option} ${path} is a folder; give a file name, e.g. ${option} ${join(path, option === "--png" ? "chart.png" : "chart.svg")}`,
    );
  const folder = await stat(dirname(path)).catch(() => null);
  if (!folder)
    throw new UserError(
      `${option} ${path}: the folder ${dirname(path)} does not exist; create it (mkdir -p ${dirname(path)}) or write elsewhere`,
    );
  if (!folder.isDirectory()) throw new UserError(`${option} ${path}: ${dirname(path)} is not a folder`);
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const args = parseChartArgs(argv);
  if (args.out !== "-") await checkOutputPath(resolve(args.out), "-o");
  if (args.png) await checkOutputPath(args.png, "--png");
  const svg = await renderSpecFile(args.spec, args.target);
  if (args.out === "-") process.stdout.write(svg + "\n");
  else {
    await writeFile(args.out, svg + "\n");
    process.stderr.write(`wrote ${args.out}\n`);
  }
  if (args.png) {
    await svgToPng(svg, args.png);
    process.stderr.write(`wrote ${args.png}\n`);
  }
}

if (import.meta.main) await runMain(() => main());
