/**
 * Turns a parsed talk into what the pages render: per slide the HTML of its visual and of its
 * notes, plus the pacing plan. Checks everything the pure parser cannot (files exist, chart
 * names are known) and reports every problem at once, each as file:line with a hint.
 */
import { existsSync, readFileSync } from "node:fs";
import { extname, relative, resolve } from "node:path";
import { UserError } from "../../core/errors.ts";
import { runsDir } from "../../core/paths.ts";
import { chartApi, type ChartApi } from "./chart-api.ts";
import { escapeHtml } from "./html.ts";
import { renderMarkdownFile } from "./markdown.ts";
import { talkClaims } from "./claims.ts";
import { noteWords, parseTalk, TalkError, type Slide, type Talk, type TalkMeta, type Visual } from "./parse.ts";

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
}

export interface BuiltTalk {
  file: string;
  meta: TalkMeta;
  slides: BuiltSlide[];
  /** For each slide, the planned fraction of the talk's duration elapsed when it appears. */
  paceStart: number[];
}

export interface BuildOptions {
  /** Project root; visual paths are relative to it. */
  root: string;
  /** The script, relative to root or absolute. */
  file: string;
  /** Prefix that turns a public/ path into a URL relative to the page, e.g. "../" for /talk/. */
  assetPrefix: string;
  /** Chart registry; defaults to src/charts/index.ts (tests pass a fake one). */
  charts?: ChartApi;
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
  try {
    talk = parseTalk(source, shown);
  } catch (e) {
    if (e instanceof TalkError) throw new UserError(e.message);
    throw e;
  }
  const charts = options.charts ?? chartApi;
  const problems: string[] = [];
  const slides: BuiltSlide[] = [];
  // Claims (numbers, verdicts, rankings, conditionals, assertions, citations): src/talk/claims.ts.
  const claims = await talkClaims(source, talk, { root: options.root });
  for (const slide of talk.slides) {
    try {
      slides.push(await buildSlide(claims.apply(slide), talk, charts, options));
    } catch (e) {
      if (!(e instanceof TalkError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length) throw new UserError(problems.join("\n"));
  return { file: shown, meta: talk.meta, slides, paceStart: paceStarts(talk.slides) };
}

async function buildSlide(slide: Slide, talk: Talk, charts: ChartApi, options: BuildOptions): Promise<BuiltSlide> {
  const { visual } = slide;
  const heading = `<h2 class="slide-title">${escapeHtml(slide.title)}</h2>`;
  let html: string;
  if (!visual) {
    html = `<div class="face title-only"><h2 class="slide-title">${escapeHtml(slide.title)}</h2></div>`;
  } else if (visual.kind === "title-card") {
    html = titleCard(talk.meta);
  } else {
    html = `<div class="face with-visual">${heading}<div class="visual visual-${visual.kind}">${await renderVisual(visual, talk.file, charts, options)}</div></div>`;
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
  };
}

function titleCard(meta: TalkMeta): string {
  const byline = [meta.author, meta.event, meta.date]
    .filter(Boolean)
    .map((s) => escapeHtml(s!))
    .join(" · ");
  return (
    `<div class="face title-card"><h1 class="talk-title">${escapeHtml(meta.title ?? "")}</h1>` +
    (meta.subtitle ? `<p class="talk-subtitle">${escapeHtml(meta.subtitle)}</p>` : "") +
    (byline ? `<p class="byline">${byline}</p>` : "") +
    `</div>`
  );
}

async function renderVisual(
  visual: Exclude<Visual, { kind: "title-card" }>,
  file: string,
  charts: ChartApi,
  options: BuildOptions,
): Promise<string> {
  switch (visual.kind) {
    case "big":
      return (
        `<p class="big-value">${keepUnits(escapeHtml(visual.value))}</p>` +
        (visual.caption ? `<p class="big-caption">${keepUnits(escapeHtml(visual.caption))}</p>` : "")
      );
    case "bullets":
      return `<ul>${visual.items.map((i) => `<li>${keepUnits(escapeHtml(i))}</li>`).join("")}</ul>`;
    case "code":
      return `<pre><code${visual.lang ? ` class="language-${escapeHtml(visual.lang)}"` : ""}>${escapeHtml(visual.text)}</code></pre>`;
    case "image":
      return `<div class="allcenter"><img src="${escapeHtml(imageUrl(visual.path, visual.line, file, options))}" alt="${escapeHtml(visual.alt)}"></div>`;
    case "file": {
      const path = resolve(options.root, visual.path);
      if (!existsSync(path))
        throw new TalkError(
          file,
          visual.line,
          `visual file ${visual.path} does not exist`,
          "paths are relative to the project root, e.g. content/talk/slides/method.md",
        );
      if (extname(path) !== ".md")
        throw new TalkError(
          file,
          visual.line,
          `visual file ${visual.path} is not Markdown (.md)`,
          "use `> image:` for pictures",
        );
      return await renderMarkdownFile(path);
    }
    case "chart":
      return await renderChartVisual(visual, file, charts, runsDir());
  }
}

/** Keeps a number on the same line as its unit ("20 MB", "3 s") when text wraps. */
function keepUnits(html: string): string {
  return html.replace(/(\d) (?=(?:ms|s|µs|ns|MB|MiB|GB|GiB|KB|KiB|%)\b)/g, "$1&nbsp;");
}

/** public/ files are served by the site, so they get a page-relative URL; others are inlined. */
function imageUrl(path: string, line: number, file: string, options: BuildOptions): string {
  const full = resolve(options.root, path);
  if (!existsSync(full))
    throw new TalkError(
      file,
      line,
      `image ${path} does not exist`,
      "paths are relative to the project root; put images in public/ (e.g. public/talk/x.png)",
    );
  const norm = path.replace(/^\.\//, "");
  if (norm.startsWith("public/")) return options.assetPrefix + norm.slice("public/".length);
  const types: Record<string, string> = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".gif": "image/gif",
  };
  const type = types[extname(full).toLowerCase()];
  if (!type)
    throw new TalkError(
      file,
      line,
      `image ${path} has an unsupported type`,
      `use one of ${Object.keys(types).join(" ")}`,
    );
  return `data:${type};base64,${readFileSync(full).toString("base64")}`;
}

/** Each page of the talk draws the same charts; render each once per registry and build. */
const chartCache = new WeakMap<ChartApi, Map<string, Promise<string>>>();

function renderChartVisual(
  visual: Extract<Visual, { kind: "chart" }>,
  file: string,
  charts: ChartApi,
  runsDir: string,
): Promise<string> {
  let cache = chartCache.get(charts);
  if (!cache) chartCache.set(charts, (cache = new Map()));
  const key = JSON.stringify([visual.name, visual.params, runsDir, file, visual.line]);
  let html = cache.get(key);
  if (!html) cache.set(key, (html = renderChartUncached(visual, file, charts, runsDir)));
  return html;
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
