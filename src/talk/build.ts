/**
 * Turns a parsed talk into what the pages render: per slide the HTML of its visual and of its
 * notes, its steps and where it was written, plus the pacing plan and the theme. Checks
 * everything the pure parser cannot (files exist inside the project, chart names and
 * parameters are known, code languages exist) and reports every problem at once, each as
 * file:line with a hint.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, relative, resolve } from "node:path";
import type { BundledTheme } from "shiki";
import { UserError } from "../../core/errors.ts";
import { recordingLog, replay, sayOnce } from "../../core/build-log.ts";
import { runChoiceFile, runsDir } from "../../core/paths.ts";
import { cachedTalk, talkCache, talkKey, type CachedTalk } from "./talk-cache.ts";
import { loadRunChoice } from "../../core/records/choice.ts";
import { chartParamProblem } from "../charts/index.ts";
import { chartApi, type ChartApi } from "./chart-api.ts";
import { contentPath, imageType } from "./content-path.ts";
import { dimmedSteps, highlightCode, isKnownLanguage, LANGUAGE_EXAMPLES } from "./highlight.ts";
import { SITE_FONTS, type FontFile } from "./embedded-fonts.ts";
import { escapeHtml } from "./html.ts";
import { renderMarkdownFile } from "./markdown.ts";
import { clearRunsCache, loadRuns } from "../data/runs.ts";
import { BENCHMARKS_DIR, RULES_DIR } from "../data/stale.ts";
import { talkClaims } from "./claims.ts";
import { dataNotes, NOTE_LABELS, type DataNote } from "./data-notes.ts";
import { fileStamp, folderStamp, noteInput, recordInputs, unchanged, type InputFiles } from "./inputs.ts";
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
  /** The runs its chart, numbers and claims were drawn from. */
  runs: string[];
  /** What to know about those runs: stale, below the quality gate, mixed (data-notes.ts). */
  dataNotes: DataNote[];
}

/** A note on the data and the slides (numbers) it applies to. */
export interface TalkDataNote extends DataNote {
  slides: number[];
}

export interface BuiltTalk {
  file: string;
  meta: TalkMeta;
  slides: BuiltSlide[];
  /** For each slide, the planned fraction of the talk's duration elapsed when it appears. */
  paceStart: number[];
  /** Every note on the talk's data, once per run and reason, with the slides it applies to. */
  dataNotes: TalkDataNote[];
  /** The theme as this page needs it (URLs relative to the page). */
  look: {
    /** @font-face rules and slide variables, for a <style> element. */
    css: string;
    /** The slide variables alone, for a page that embeds its fonts (src/talk/embedded-fonts.ts). */
    variablesCss: string;
    /** Every font file the slides use: the site's Inter and the theme's own faces. */
    fonts: FontFile[];
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

// Where the talk's script is (talk-cache.ts, which npm run build loads without this module).
export { talkFile } from "./talk-cache.ts";

/**
 * The talk as one page needs it. The talk is built once per process and inputs (script, theme,
 * slide files, records, run choice, bibliography, benchmark definitions, rules, environment)
 * and shared by every page (sharedTalk); only the page-relative URLs differ between pages.
 */
export async function buildTalk(options: BuildOptions): Promise<BuiltTalk> {
  const talk = await sharedTalk(options);
  const prefix = options.assetPrefix;
  return {
    file: talk.file,
    meta: talk.meta,
    slides: talk.slides.map((s) => ({ ...s, html: s.html.replaceAll(ASSET_PREFIX, prefix) })),
    paceStart: talk.paceStart,
    dataNotes: talk.dataNotes,
    look: {
      css: talk.theme.css(prefix),
      variablesCss: talk.theme.variablesCss,
      fonts: [...SITE_FONTS, ...talk.theme.faces],
      slideClass: talk.theme.slideClass,
      chrome: talk.theme.chrome(prefix),
    },
  };
}

/** Stands for the page's asset prefix in the shared build; each page puts its own in. */
const ASSET_PREFIX = "@@boot-talk-asset-prefix@@";

export interface SharedTalk extends Omit<BuiltTalk, "look"> {
  theme: TalkTheme;
}

interface SharedEntry {
  /** Stamp of the inputs known before building (records, choice, bibliography, definitions). */
  stamp: string;
  /** The files the build read (script, theme, slide files), once it has finished. */
  files: InputFiles | undefined;
  talk: Promise<SharedTalk>;
}

/** Shared builds, per chart registry (tests pass their own) and talk. */
const sharedBuilds = new WeakMap<ChartApi, Map<string, SharedEntry>>();

function sharedTalk(options: BuildOptions): Promise<SharedTalk> {
  const charts = options.charts ?? chartApi;
  const runs = options.runsDir ?? runsDir();
  const path = resolve(options.root, options.file);
  const runsVersion = forgetChangedRuns(runs);
  const key = JSON.stringify([resolve(options.root), path, runs, runChoiceFile(), process.env.BOOT_TALK_CLAIMS ?? ""]);
  const stamp = [
    runsVersion,
    fileStamp(runChoiceFile()),
    fileStamp(resolve(options.root, "content/bibliography.json")),
    folderStamp(BENCHMARKS_DIR),
    folderStamp(RULES_DIR),
  ].join("|");
  let builds = sharedBuilds.get(charts);
  if (!builds) sharedBuilds.set(charts, (builds = new Map()));
  const hit = builds.get(key);
  if (hit && hit.stamp === stamp && (hit.files === undefined || unchanged(hit.files))) return hit.talk;
  const entry: SharedEntry = { stamp, files: undefined, talk: Promise.resolve(null as never) };
  entry.talk = recordInputs(() => buildSharedCached(options, charts, runs, runsVersion)).then(({ value, files }) => {
    entry.files = files;
    return value;
  });
  // A failed build is not kept: the next page (or the dev server's next request) tries again.
  entry.talk.catch(() => builds.get(key) === entry && builds.delete(key));
  builds.set(key, entry);
  return entry.talk;
}

/**
 * The shared talk from the persistent cache (talk-cache.ts), or built and cached. Builds with a
 * chart registry or records folder of their own (tests) are neither served nor kept.
 */
async function buildSharedCached(
  options: BuildOptions,
  charts: ChartApi,
  runs: string,
  runsVersion: string,
): Promise<SharedTalk> {
  const path = resolve(options.root, options.file);
  const cache = charts === chartApi && runs === runsDir() ? talkCache() : null;
  const key = cache ? await talkKey(options.root, path) : null;
  const hit = cache && key ? await cachedTalk(cache, key) : null;
  if (hit) {
    for (const file of hit.inputs) noteInput(file); // the dev server still watches them
    replay(hit.log);
    return { ...hit.talk, theme: loadTheme(options.root, path) };
  }
  const built = await recordInputs(() => recordingLog(() => buildShared(options, charts, runs, runsVersion)));
  const { theme, ...talk } = built.value.value;
  if (cache && key) {
    const entry: CachedTalk = { talk, log: built.value.log, inputs: [...built.files.keys()] };
    await cache.set(key, JSON.stringify(entry));
  }
  return { ...talk, theme };
}

async function buildShared(
  options: BuildOptions,
  charts: ChartApi,
  runs: string,
  runsVersion: string,
): Promise<SharedTalk> {
  const path = resolve(options.root, options.file);
  const shown = relative(process.cwd(), path) || path;
  noteInput(path);
  noteInput(resolve(dirname(path), "theme.json"));
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
  const problems: string[] = [];
  const slides: BuiltSlide[] = [];
  // Claims (numbers, verdicts, rankings, conditionals, assertions, citations): src/talk/claims.ts.
  const claims = await talkClaims(source, talk, { root: options.root, runsDir: runs });
  const context = { talk, charts, options: { ...options, assetPrefix: ASSET_PREFIX }, theme, runs, runsVersion };
  for (const slide of talk.slides) {
    try {
      slides.push(await buildSlide(claims.apply(slide), claims.runsOf(slide.index), context));
    } catch (e) {
      if (!(e instanceof TalkError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length) throw new UserError(problems.join("\n"));
  const notes = await notesOnData(slides, runs, shown);
  return { file: shown, meta: talk.meta, slides, paceStart: paceStarts(talk.slides), dataNotes: notes, theme };
}

/**
 * Puts each slide's notes on the data in place and says each note once in the build log,
 * with the slides it applies to.
 */
async function notesOnData(slides: BuiltSlide[], runs: string, file: string): Promise<TalkDataNote[]> {
  if (!slides.some((s) => s.runs.length)) return [];
  const notes = dataNotes(
    slides.map((s) => ({ what: String(s.number), runIds: s.runs })),
    await loadRuns(runs),
    { choice: loadRunChoice(), document: "talk" },
  );
  for (const slide of slides) slide.dataNotes = notes.of(String(slide.number));
  const placed = notes.notes.map((n) => ({ ...n, slides: n.uses.map(Number) }));
  for (const note of placed) {
    const where = note.slides.map((n) => slides[n - 1]!.source.replace(/ \(.*\)$/, "").replace(/^.*:/, ""));
    const line = `[talk] ${NOTE_LABELS[note.kind].toLowerCase()}: ${note.message}; slide${note.slides.length > 1 ? "s" : ""} ${note.slides.join(", ")} (${file}:${where.join(", ")})`;
    sayOnce(`talk-data\0${runs}\0${line}`, [line]);
  }
  return placed;
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

async function buildSlide(slide: Slide, claimRuns: string[], context: Context): Promise<BuiltSlide> {
  const { talk } = context;
  const { visual } = slide;
  const runs = new Set(claimRuns);
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
    for (const id of rendered.runs ?? []) runs.add(id);
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
    runs: [...runs],
    dataNotes: [],
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
  /** The runs a chart was drawn from. */
  runs?: string[];
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
      return { ...(await renderChartVisual(visual, file, charts, runs, runsVersion)), steps: 0 };
  }
}

/** Keeps a number on the same line as its unit ("20 MB", "3 s") when text wraps. */
function keepUnits(html: string): string {
  return html.replace(/(\d) (?=(?:ms|s|µs|ns|MB|MiB|GB|GiB|KB|KiB|%)\b)/g, "$1&nbsp;");
}

interface ChartVisual {
  html: string;
  runs: string[];
}

/** A chart drawn from the same records is the same chart: render each once per registry and records. */
const chartCache = new WeakMap<ChartApi, Map<string, Promise<ChartVisual>>>();

function renderChartVisual(
  visual: Extract<Visual, { kind: "chart" }>,
  file: string,
  charts: ChartApi,
  runsDir: string,
  runsVersion: string,
): Promise<ChartVisual> {
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
): Promise<ChartVisual> {
  const names = charts.chartNames();
  if (!names.includes(visual.name))
    throw new TalkError(file, visual.line, `unknown chart "${visual.name}"`, `known charts: ${names.join(", ")}`);
  const problem = chartParamProblem(visual.name, Object.keys(visual.params), charts.chartParams?.(visual.name));
  if (problem) throw new TalkError(file, visual.line, problem.message, problem.hint);
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
  // Its stale warnings are the slide's notes on the data (data-notes.ts), logged once per run and reason.
  return {
    html: `<figure class="chart"><div class="allcenter">${chart.svg}</div><figcaption class="sr-only">${escapeHtml(chart.description || chart.title)}</figcaption></figure>`,
    runs: chart.sources?.runs ?? [], // a test registry may leave sources out
  };
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
