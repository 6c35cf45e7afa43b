/**
 * Deck payload benchmark: what the audience's browser must fetch and run to show /talk/.
 *
 *   npx node scripts/perf/deck-payload.ts [--dist dist] [--runs 10] [--warmup 2] [--page talk/] [--json]
 *
 * 1. Bytes of JavaScript and CSS of the page, inline or linked, raw and gzip (zlib level 6,
 *    the common server default), the fonts it carries as data (src/talk/embedded-fonts.ts),
 *    and the whole HTML document. The JS budget is 12 KB gzip; font data is not code and is
 *    reported apart, as are the later slides (talk/later-slides.js, src/talk/later-slides.ts):
 *    slide markup the deck loads once the first slide is shown.
 * 2. Time to first slide in headless Chromium: a fresh browser context per run (cold cache),
 *    served from loopback, read from the page's own performance mark "boot-talk:first-slide"
 *    (when the opening slide's title is first painted, by Element Timing); First Contentful
 *    Paint alongside.
 *    Reported as the median of N runs, with min and max, and where the time goes: when the
 *    response ended, when the DOM was interactive (the document parsed and its scripts run) and
 *    when the last web font arrived, so a regression can be placed without a trace.
 * 3. The same for a bare one-page Astro site (built here, under .cache/, with the project's
 *    Astro: one heading and a paragraph, marked when the heading is first painted),
 *    measured interleaved with the deck so drift hits both alike, the pages taking turns to go
 *    first, after --warmup rounds that are thrown away (a fresh browser's first loads also start
 *    its processes). The deck's budget is 1.5× the bare page's time. Each round loads both, so
 *    the comparison is paired: the median of the per-round ratios, with a 95% bootstrap
 *    interval over rounds (core/stats), and the verdict says "within" or "over" only when the
 *    whole interval is on one side of the budget (single loads vary by ±25 ms on a shared
 *    2-core host, so a median alone would flip between runs).
 * The host's load average before and after is printed with the figures: a busy host widens the
 * interval. Exit code 1 when the JS is over budget or the time is over it (or cannot be told from it).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { execa } from "execa";
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { UserError, runMain } from "../../core/errors.ts";
import { bootstrapMedianCI, medianOf } from "../../core/stats/resample.ts";
import { FONT_DATA_ID } from "../../src/talk/client/fonts.ts";
import { LATER_SLIDES_ID } from "../../src/talk/client/later-slides.ts";
import { CHROMIUM_PATH, launchChromium, serveStatic } from "../lib/chromium.ts";

const JS_BUDGET_GZIP = 12 * 1024;
/** Time to first slide may be at most this multiple of a bare Astro page's. */
const TIME_BUDGET_RATIO = 1.5;

export interface Bytes {
  raw: number;
  gzip: number;
}
export interface Payload {
  js: Bytes;
  css: Bytes;
  /** Fonts carried in the page as data (src/talk/embedded-fonts.ts), not code. */
  fonts: Bytes;
  html: Bytes;
  /** The later slides' script, loaded after the first slide is shown; zero for a page without one. */
  later: Bytes;
  scripts: number;
  stylesheets: number;
}

const size = (text: string | Buffer): Bytes => ({
  raw: Buffer.byteLength(text),
  gzip: gzipSync(text, { level: 6 }).length,
});
const add = (a: Bytes, b: Bytes): Bytes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip });

/** JS and CSS of one built HTML page, whether inlined or linked (links resolved inside dist). */
export function measurePayload(dist: string, htmlPath: string): Payload {
  const html = readFileSync(htmlPath, "utf8");
  const local = (href: string) => {
    if (/^[a-z]+:|^\/\//i.test(href))
      throw new UserError(`${htmlPath} loads ${href} from elsewhere; the deck must be self-contained`);
    return readFileSync(href.startsWith("/") ? join(dist, href) : resolve(dirname(htmlPath), href));
  };
  let js: Bytes = { raw: 0, gzip: 0 };
  let css: Bytes = { raw: 0, gzip: 0 };
  let fonts: Bytes = { raw: 0, gzip: 0 };
  let scripts = 0;
  let stylesheets = 0;
  for (const [, attrs = "", body = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (attrs.includes(`id="${FONT_DATA_ID}"`)) fonts = add(fonts, size(body));
    if (/type="application\/(ld\+)?json"/.test(attrs)) continue;
    const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1];
    js = add(js, size(src ? local(src) : body));
    scripts++;
  }
  for (const [, body = ""] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
    css = add(css, size(body));
    stylesheets++;
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/gi)) {
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href) {
      css = add(css, size(local(href)));
      stylesheets++;
    }
  }
  const laterSrc = new RegExp(`<noscript id="${LATER_SLIDES_ID}" data-src="([^"?]+)`).exec(html)?.[1];
  const later = laterSrc ? size(local(laterSrc)) : { raw: 0, gzip: 0 };
  return { js, css, fonts, html: size(html), later, scripts, stylesheets };
}

/** Against a budget, from a paired ratio's interval: the whole interval must be on one side. */
export type BudgetVerdict = "within" | "over" | "cannot tell";

/** The median of per-round ratios a[i]/b[i] (paired loads), its 95% bootstrap CI and the verdict against budget. */
export function pairedRatio(
  a: readonly number[],
  b: readonly number[],
  budget: number,
): { median: number; ci: [number, number]; verdict: BudgetVerdict } {
  if (a.length !== b.length || !a.length) throw new Error("pairedRatio needs two series of one length");
  const ratios = a.map((x, i) => x / b[i]!);
  const ci = bootstrapMedianCI(ratios, { seed: 1 });
  const verdict = ci[1] <= budget ? "within" : ci[0] > budget ? "over" : "cannot tell";
  return { median: medianOf(ratios), ci, verdict };
}

export interface Target {
  dist: string;
  page: string;
}

/** One load of one page, in ms since navigation start; fonts is 0 when the page loads no web font. */
export interface Load {
  firstSlide: number;
  fcp: number;
  responseEnd: number;
  domInteractive: number;
  fonts: number;
}

/**
 * The order in which the targets load in round `round`: rotated by one each round, so that
 * with two targets each goes first in half the rounds. A load that follows another runs while
 * the previous tab is torn down; with a fixed order any cost of that would fall on one side.
 * (The bare page against itself, 80 rounds: the second load took 1.02× the first, 95% CI
 * 0.96–1.09×, so none was seen; taking turns keeps it that way for any page.)
 */
export function roundOrder(targets: number, round: number): number[] {
  return Array.from({ length: targets }, (_, i) => (i + round) % targets);
}

/** How the loads are taken (see timeToFirstSlide). */
export interface LoadOptions {
  runs: number;
  /** Rounds loaded first and thrown away: the first loads of a fresh browser start its processes. */
  warmup: number;
}

/**
 * Time to first slide (ms since navigation start) of each target, one cold browser context per
 * load, the targets taking turns in an order rotated each round (roundOrder), after `warmup`
 * rounds that are not kept.
 */
export async function timeToFirstSlide(targets: Target[], options: LoadOptions): Promise<Load[][]> {
  if (!existsSync(CHROMIUM_PATH))
    throw new UserError(`Chromium not found at ${CHROMIUM_PATH}; install the Debian/Ubuntu package "chromium"`);
  const servers = await Promise.all(targets.map((t) => serveStatic(t.dist)));
  const browser = await launchChromium();
  const results = targets.map((): Load[] => []);
  try {
    for (let round = -options.warmup; round < options.runs; round++) {
      for (const k of roundOrder(targets.length, round + options.warmup)) {
        const target = targets[k]!;
        const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
        const tab = await context.newPage();
        await tab.goto(servers[k]!.url + target.page);
        const handle = await tab
          .waitForFunction(
            () => {
              const mark = performance.getEntriesByName("boot-talk:first-slide")[0];
              const paint = performance.getEntriesByName("first-contentful-paint")[0];
              return mark && paint ? [mark.startTime, paint.startTime] : null;
            },
            undefined,
            { timeout: 30_000 },
          )
          .catch((error: Error) => {
            throw new UserError(`${target.dist}/${target.page}: no first slide and paint within 30 s`, {
              exitCode: 1,
              cause: error,
            });
          });
        const [firstSlide, fcp] = (await handle.jsonValue()) as [number, number];
        const phases = await tab.evaluate(async () => {
          await document.fonts.ready; // a font still loading has no resource entry yet
          const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          const fonts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((e) =>
            /\.(woff2?|ttf|otf)(\?|$)/.test(e.name),
          );
          return {
            responseEnd: nav.responseEnd,
            domInteractive: nav.domInteractive,
            fonts: Math.max(0, ...fonts.map((e) => e.responseEnd)),
          };
        });
        if (round >= 0) results[k]!.push({ firstSlide, fcp, ...phases });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await Promise.all(servers.map((s) => s.close()));
  }
  return results;
}

const BARE_PAGE = `---
// A bare Astro page, the baseline for the deck's time to first slide (scripts/perf/deck-payload.ts).
// Its mark is taken like the deck's: when its heading is first painted (Element Timing).
---

<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>A bare Astro page</title>
    <script is:inline>
      new PerformanceObserver((list, observer) => {
        const entry = list.getEntries()[0];
        performance.mark("boot-talk:first-slide", { startTime: entry.renderTime || entry.startTime });
        observer.disconnect();
      }).observe({ type: "element", buffered: true });
    </script>
  </head>
  <body>
    <main>
      <h1 elementtiming="heading">How long does it take to boot a VM?</h1>
      <p>A bare page: one heading and one paragraph, nothing else.</p>
    </main>
  </body>
</html>
`;

/** Builds the bare one-page Astro site with the project's Astro; returns its dist folder. */
export async function buildBareAstro(projectRoot: string): Promise<string> {
  const root = join(projectRoot, ".cache/perf-bare-astro");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, "src/pages"), { recursive: true });
  writeFileSync(join(root, "src/pages/index.astro"), BARE_PAGE);
  await execa(process.execPath, [join(projectRoot, "node_modules/astro/bin/astro.mjs"), "build", "--root", root], {
    cwd: projectRoot,
    env: { ASTRO_TELEMETRY_DISABLED: "1" },
  });
  return join(root, "dist");
}

/** The phases of a load, in the order they usually happen, with their column labels. */
type Phase = Exclude<keyof Load, "fcp">;
const PHASES: Array<[Phase, string]> = [
  ["responseEnd", "response end"],
  ["fonts", "web fonts in"],
  ["domInteractive", "DOM interactive"],
  ["firstSlide", "first slide"],
];

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dist: { type: "string", default: "dist" },
      runs: { type: "string", default: "10" },
      warmup: { type: "string", default: "2" },
      page: { type: "string", default: "talk/" },
      json: { type: "boolean", default: false },
    },
  });
  const dist = resolve(values.dist);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new UserError(`--runs must be a positive whole number, got "${values.runs}"`);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(warmup) || warmup < 0)
    throw new UserError(`--warmup must be a whole number of rounds, got "${values.warmup}"`);
  const htmlPath = join(dist, values.page, "index.html");
  if (!existsSync(htmlPath)) throw new UserError(`${htmlPath} does not exist; build the site first (npm run build)`);

  const payload = measurePayload(dist, htmlPath);
  const bare = await buildBareAstro(process.cwd());
  const loadBefore = loadavg();
  const [deckLoads, bareLoads] = (await timeToFirstSlide(
    [
      { dist, page: values.page },
      { dist: bare, page: "" },
    ],
    { runs, warmup },
  )) as [Load[], Load[]];
  const loadAfter = loadavg();
  const of = (loads: Load[], phase: keyof Load) => loads.map((l) => l[phase]);
  const summary = (xs: number[]) => ({ median: medianOf(xs), min: Math.min(...xs), max: Math.max(...xs) });
  const firstSlideMs = summary(of(deckLoads, "firstSlide"));
  const bareMs = summary(of(bareLoads, "firstSlide"));
  const ratio = firstSlideMs.median / bareMs.median;
  const paired = pairedRatio(of(deckLoads, "firstSlide"), of(bareLoads, "firstSlide"), TIME_BUDGET_RATIO);
  const phaseMedians = (loads: Load[]) =>
    Object.fromEntries(PHASES.map(([phase]) => [phase, medianOf(of(loads, phase))])) as Record<Phase, number>;
  const result = {
    page: values.page,
    payload,
    jsBudgetGzip: JS_BUDGET_GZIP,
    withinBudget: payload.js.gzip <= JS_BUDGET_GZIP,
    runs,
    warmup,
    loadAverage: { before: loadBefore, after: loadAfter },
    firstSlideMs,
    firstContentfulPaintMs: summary(of(deckLoads, "fcp")),
    bareAstroFirstContentMs: bareMs,
    phaseMediansMs: { deck: phaseMedians(deckLoads), bareAstro: phaseMedians(bareLoads) },
    ratioToBareAstro: ratio,
    pairedRatio: paired,
    timeBudgetRatio: TIME_BUDGET_RATIO,
    withinTimeBudget: paired.verdict === "within",
    samples: { deck: deckLoads, bareAstro: bareLoads },
  };
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const row = (name: string, b: Bytes) =>
      `  ${name.padEnd(6)}${kb(b.raw).padStart(9)} raw ${kb(b.gzip).padStart(9)} gzip`;
    console.log(`deck payload of ${values.page} (${payload.scripts} script(s), ${payload.stylesheets} stylesheet(s)):`);
    console.log(row("JS", payload.js));
    console.log(row("CSS", payload.css));
    if (payload.fonts.raw) console.log(row("fonts", payload.fonts) + "  (carried in the page as data, subset)");
    console.log(row("HTML", payload.html) + "  (whole document, JS and CSS included)");
    if (payload.later.raw)
      console.log(row("later", payload.later) + "  (the other slides, loaded once the first is shown)");
    console.log(`  JS budget ${kb(JS_BUDGET_GZIP)} gzip: ${result.withinBudget ? "within" : "OVER"}`);
    const fmt = (s: { median: number; min: number; max: number }) =>
      `${s.median.toFixed(1)} ms median (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`;
    console.log(
      `time to first slide, headless Chromium, ${runs} cold runs (after ${warmup} warm-up rounds): ${fmt(firstSlideMs)}`,
    );
    console.log(`first contentful paint:                             ${fmt(result.firstContentfulPaintMs)}`);
    console.log(`bare one-page Astro site, first content:            ${fmt(bareMs)}`);
    console.log(`where the time goes, medians in ms since navigation start:`);
    console.log(`  ${"".padEnd(10)}${PHASES.map(([, label]) => label.padStart(17)).join("")}`);
    for (const [name, medians] of [
      ["deck", result.phaseMediansMs.deck],
      ["bare page", result.phaseMediansMs.bareAstro],
    ] as const)
      console.log(
        `  ${name.padEnd(10)}${PHASES.map(([phase]) => (phase === "fonts" && !medians.fonts ? "none" : medians[phase].toFixed(0)).padStart(17)).join("")}`,
      );
    console.log(`  ratio of medians ${ratio.toFixed(2)}×`);
    console.log(
      `  per-round ratio ${paired.median.toFixed(2)}× (95% CI ${paired.ci[0].toFixed(2)}–${paired.ci[1].toFixed(2)}×, ${runs} paired loads); budget ${TIME_BUDGET_RATIO}×: ${paired.verdict === "within" ? "within" : paired.verdict === "over" ? "OVER" : "cannot tell (the interval spans the budget)"}`,
    );
    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
    console.log(`load average (1/5/15 min) before: ${load(loadBefore)}; after: ${load(loadAfter)}`);
  }
  return result.withinBudget && result.withinTimeBudget ? 0 : 1;
}

if (import.meta.main) await runMain(main);
