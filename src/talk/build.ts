/**
 * Turns a parsed talk into what the pages render: per slide the HTML of its visual and of its
 * notes, its steps and where it was written, plus the pacing plan and the theme. Checks
 * everything the pure parser cannot (files exist inside the project, chart names and
 * parameters are known, code languages exist) and reports every problem at once, each as
 * file:line with a hint.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, relative, resolve } from "node:path";
import type { BundledTheme } from "shiki";
import { UserError } from "../../core/errors.ts";
import { runsDir } from "../../core/paths.ts";
import { chartApi, type ChartApi } from "./chart-api.ts";
import { contentPath, imageType } from "./content-path.ts";
import { dimmedSteps, highlightCode, isKnownLanguage, LANGUAGE_EXAMPLES } from "./highlight.ts";
import { escapeHtml } from "./html.ts";
import { renderMarkdownFile } from "./markdown.ts";
import { clearRunsCache } from "../data/runs.ts";
import { talkClaims } from "./claims.ts";
import {
  noteWords,
  parseTalk,
  TalkError,
  TalkErrors,
  visualSteps,
  type Slide,
  type Talk,
  type TalkMeta,
  type Visual,
} from "./parse.ts";
import { loadTheme, type TalkTheme } from "./theme.ts";

export interface BuiltSlide {
  index: number;
  /** 1-based, as shown to people and used in #/N URLs. */
  number: number;
  slug: string;
  title: string;
  /** "title-card", "title" (cue without visual) or the visual's kind. */
  kind: string;
  /** The slide face: title plus visual. Every image/chart is inside div.allcenter. */
  html: string;
  notesHtml: string;
  /** Notes as plain text with pauses as "…", for accessible summaries. */
  notesText: string;
  /** Steps after the first view (incremental reveal); 0 when everything shows at once. */
  steps: number;
  /** Where the slide is written, "file:line", for overflow reports. */
  source: string;
}

export interface BuiltTalk {
  file: string;
  meta: TalkMeta;
  slides: BuiltSlide[];
  /** For each slide, the planned fraction of the talk's duration elapsed when it appears. */
  paceStart: number[];
  /** The theme as this page needs it (URLs relative to the page). */
  look: {
    /** @font-face rules and slide variables, for a <style> element. */
    css: string;
    /** Classes for every slide element (the surface: light or dark). */
    slideClass: string;
    /** Logo and footer markup inside every slide. */
    chrome: string;
  };
}

export interface BuildOptions {
  /** Project root; visual paths are relative to it and must stay inside it. */
  root: string;
  /** The script, relative to root or absolute. */
  file: string;
  /** Prefix that turns a public/ path into a URL relative to the page, e.g. "../" for /talk/. */
  assetPrefix: string;
  /** Chart registry; defaults to src/charts/index.ts (tests pass a fake one). */
  charts?: ChartApi;
  /** The records folder; default: the project's (core/paths.ts runsDir()). */
  runsDir?: string;
}

/** Default script location, overridable for trying another talk: BOOT_TALK_TALK=path. */
export function talkFile(): string {
  return process.env.BOOT_TALK_TALK ?? "content/talk/talk.txt";
}

export async function buildTalk(options: BuildOptions): Promise<BuiltTalk> {
  const path = resolve(options.root, options.file);
  const shown = relative(process.cwd(), path) || path;
  if (!existsSync(path)) {
    throw new UserError(
      `${shown}: the talk script does not exist\n  hint: write it in the talk.txt format (see content/talk/README.md)`,
    );
  }
  const source = readFileSync(path, "utf8");
  let talk: Talk;
  let theme: TalkTheme;
  try {
    talk = parseTalk(source, shown);
    theme = loadTheme(options.root, path);
  } catch (e) {
    if (e instanceof TalkError || e instanceof TalkErrors) throw new UserError(e.message);
    throw e;
  }
  const charts = options.charts ?? chartApi;
  const runs = options.runsDir ?? runsDir();
  const runsVersion = forgetChangedRuns(runs);
  const problems: string[] = [];
  const slides: BuiltSlide[] = [];
  // Claims (numbers, verdicts, rankings, conditionals, assertions, citations): src/talk/claims.ts.
  const claims = await talkClaims(source, talk, { root: options.root, runsDir: runs });
  const context = { talk, charts, options, theme, runs, runsVersion };
  for (const slide of talk.slides) {
    try {
      slides.push(await buildSlide(claims.apply(slide), context));
    } catch (e) {
      if (!(e instanceof TalkError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length) throw new UserError(problems.join("\n"));
  const look = {
    css: theme.css(options.assetPrefix),
    slideClass: theme.slideClass,
    chrome: theme.chrome(options.assetPrefix),
  };
  return { file: shown, meta: talk.meta, slides, paceStart: paceStarts(talk.slides), look };
}

interface Context {
  talk: Talk;
  charts: ChartApi;
  options: BuildOptions;
  theme: TalkTheme;
  /** The records folder. */
  runs: string;
  /** The records folder's fingerprint: charts drawn from other records are not reused. */
  runsVersion: string;
}

async function buildSlide(slide: Slide, context: Context): Promise<BuiltSlide> {
  const { talk } = context;
  const { visual } = slide;
  let html: string;
  let steps = visualSteps(visual);
  let source = `${talk.file}:${Math.max(slide.line, 1)}`;
  // elementtiming: the deck records when its opening slide's title is first painted.
  const timing = `elementtiming="slide-${slide.index + 1}"`;
  if (!visual) {
    html = `<div class="face title-only"><h2 class="slide-title" ${timing}>${escapeHtml(slide.title)}</h2></div>`;
  } else if (visual.kind === "title-card") {
    html = titleCard(talk.meta, timing);
  } else {
    const rendered = await renderVisual(visual, context);
    steps += rendered.steps;
    if (rendered.source) source += ` (${rendered.source})`;
    const heading = `<h2 class="slide-title" ${timing}>${escapeHtml(slide.title)}</h2>`;
    html = `<div class="face with-visual">${heading}<div class="visual visual-${visual.kind}">${rendered.html}</div></div>`;
  }
  return {
    index: slide.index,
    number: slide.index + 1,
    slug: slide.slug,
    title: slide.title,
    kind: visual?.kind ?? "title",
    html,
    notesHtml: slide.notes
      .map((b) =>
        b.kind === "pause"
          ? `<div class="pause" role="separator" aria-label="pause"><span aria-hidden="true">pause</span></div>`
          : `<p>${escapeHtml(b.text)}</p>`,
      )
      .join("\n"),
    notesText: slide.notes.map((b) => (b.kind === "pause" ? "…" : b.text)).join(" "),
    steps,
    source,
  };
}

/** The title slide; its title is an h2 because each page has its own h1. */
function titleCard(meta: TalkMeta, timing: string): string {
  const byline = [meta.author, meta.event, meta.date]
    .filter(Boolean)
    .map((s) => escapeHtml(s!))
    .join(" · ");
  return (
    `<div class="face title-card"><h2 class="talk-title" ${timing}>${escapeHtml(meta.title ?? "")}</h2>` +
    (meta.subtitle ? `<p class="talk-subtitle">${escapeHtml(meta.subtitle)}</p>` : "") +
    (byline ? `<p class="byline">${byline}</p>` : "") +
    `</div>`
  );
}

interface RenderedVisual {
  html: string;
  /** Steps the visual adds beyond those the parser counted (Markdown lists). */
  steps: number;
  /** A second source file the visual comes from (a `> file:` slide). */
  source?: string;
}

async function renderVisual(
  visual: Exclude<Visual, { kind: "title-card" }>,
  { talk, charts, options, theme, runs, runsVersion }: Context,
): Promise<RenderedVisual> {
  const { file } = talk;
  const only = (html: string): RenderedVisual => ({ html, steps: 0 });
  switch (visual.kind) {
    case "big":
      return only(
        `<p class="big-value">${keepUnits(escapeHtml(visual.value))}</p>` +
          (visual.caption ? `<p class="big-caption">${keepUnits(escapeHtml(visual.caption))}</p>` : ""),
      );
    case "bullets":
      return only(
        `<ul>${visual.items
          .map((i) => `<li${i.step ? ` data-step="${i.step}"` : ""}>${keepUnits(escapeHtml(i.text))}</li>`)
          .join("")}</ul>`,
      );
    case "code": {
      if (!isKnownLanguage(visual.lang))
        throw new TalkError(
          file,
          visual.line,
          `unknown code language "${visual.lang}"`,
          `use a language Shiki knows, e.g. ${LANGUAGE_EXAMPLES} (or leave it empty for plain text)`,
        );
      const lines = visual.text.split("\n").length;
      return only(
        await highlightCode(
          visual.text,
          visual.lang,
          theme.codeTheme as BundledTheme,
          dimmedSteps(visual.highlight, lines),
        ),
      );
    }
    case "image": {
      const place = {
        file,
        line: visual.line,
        what: "image",
        hint: "paths are relative to the project root; put images in public/ (e.g. public/talk/x.png)",
      };
      const found = contentPath(options.root, options.root, visual.path, place);
      const type = imageType(found.real, place);
      const src = found.fromRoot.startsWith("public/")
        ? options.assetPrefix + encodeURI(found.fromRoot.slice("public/".length))
        : `data:${type};base64,${readFileSync(found.real).toString("base64")}`;
      return only(`<div class="allcenter"><img src="${escapeHtml(src)}" alt="${escapeHtml(visual.alt)}"></div>`);
    }
    case "file": {
      const found = contentPath(options.root, options.root, visual.path, {
        file,
        line: visual.line,
        what: "visual file",
        hint: "paths are relative to the project root, e.g. content/talk/slides/method.md",
      });
      if (extname(found.real) !== ".md")
        throw new TalkError(
          file,
          visual.line,
          `visual file ${visual.path} is not Markdown (.md)`,
          "use `> image:` for pictures",
        );
      const md = await renderMarkdownFile(found.real, {
        root: options.root,
        assetPrefix: options.assetPrefix,
        codeTheme: theme.codeTheme as BundledTheme,
      }).catch((e: unknown) => {
        if (e instanceof TalkError)
          throw new TalkError(e.file, e.line, `${e.problem} (in the visual of ${file}:${visual.line})`, e.hint);
        throw e;
      });
      return { ...md, source: found.fromRoot };
    }
    case "chart":
      return only(await renderChartVisual(visual, file, charts, runs, runsVersion));
  }
}

/** Keeps a number on the same line as its unit ("20 MB", "3 s") when text wraps. */
function keepUnits(html: string): string {
  return html.replace(/(\d) (?=(?:ms|s|µs|ns|MB|MiB|GB|GiB|KB|KiB|%)\b)/g, "$1&nbsp;");
}

/** Each page of the talk draws the same charts; render each once per registry and build. */
const chartCache = new WeakMap<ChartApi, Map<string, Promise<string>>>();

function renderChartVisual(
  visual: Extract<Visual, { kind: "chart" }>,
  file: string,
  charts: ChartApi,
  runsDir: string,
  runsVersion: string,
): Promise<string> {
  let cache = chartCache.get(charts);
  if (!cache) chartCache.set(charts, (cache = new Map()));
  const key = JSON.stringify([visual.name, visual.params, runsDir, runsVersion, file, visual.line]);
  let html = cache.get(key);
  if (!html) cache.set(key, (html = renderChartUncached(visual, file, charts, runsDir)));
  return html;
}

/**
 * A long-running process (the dev server) must not keep drawing from records that changed:
 * when the records folder's fingerprint (names, sizes, times) differs from the last build's,
 * the loaded records are forgotten. Returns the fingerprint (charts are cached under it).
 */
const runsSeen = new Map<string, string>();
function forgetChangedRuns(dir: string): string {
  let fingerprint = "";
  try {
    for (const name of readdirSync(dir).sort()) {
      const st = statSync(resolve(dir, name));
      fingerprint += `${name}:${st.size}:${st.mtimeMs};`;
    }
  } catch {
    fingerprint = "(none)";
  }
  const before = runsSeen.get(dir);
  runsSeen.set(dir, fingerprint);
  if (before !== undefined && before !== fingerprint) clearRunsCache();
  return fingerprint;
}

async function renderChartUncached(
  visual: Extract<Visual, { kind: "chart" }>,
  file: string,
  charts: ChartApi,
  runsDir: string,
): Promise<string> {
  const names = charts.chartNames();
  if (!names.includes(visual.name))
    throw new TalkError(file, visual.line, `unknown chart "${visual.name}"`, `known charts: ${names.join(", ")}`);
  const known = charts.chartParams?.(visual.name);
  const unknown = known ? Object.keys(visual.params).filter((p) => !known.includes(p)) : [];
  if (unknown.length)
    throw new TalkError(
      file,
      visual.line,
      `chart "${visual.name}" has no parameter${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`,
      known!.length ? `its parameters: ${known!.join(", ")}` : "this chart takes no parameters",
    );
  let chart;
  try {
    chart = await charts.renderChart({ name: visual.name, params: visual.params }, { target: "deck", runsDir });
  } catch (e) {
    throw new TalkError(
      file,
      visual.line,
      `chart "${visual.name}" failed: ${(e as Error).message}`,
      "check the chart's parameters and that content/runs/ holds the records it needs",
    );
  }
  for (const w of chart.staleWarnings) console.warn(`${file}:${visual.line}: chart "${visual.name}": ${w}`);
  return `<figure class="chart"><div class="allcenter">${chart.svg}</div><figcaption class="sr-only">${escapeHtml(chart.description || chart.title)}</figcaption></figure>`;
}

/**
 * Planned start of each slide as a fraction of the talk: time is shared out in proportion to
 * the words of each slide's notes (a floor keeps wordless slides from taking no time at all).
 */
export function paceStarts(slides: Slide[]): number[] {
  const MIN_WORDS = 20;
  const weights = slides.map((s) => Math.max(noteWords(s), MIN_WORDS));
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => {
    const start = acc / total;
    acc += w;
    return start;
  });
}
