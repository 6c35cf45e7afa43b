/**
 * Parser for the speaker script `talk.txt`. Pure: text in, slide model out, no file access.
 *
 * The original 2016 format is accepted unchanged:
 *
 *     Prose before the first cue is what the speaker says before the first slide appears.
 *
 *       SLIDE: Start and stop times
 *
 *     Every paragraph after a cue is a speaker note for that slide.
 *
 *       - - - -
 *
 *     A line of dashes marks a pause or an aside inside the notes.
 *
 * - A line whose trimmed text starts with `SLIDE:` starts a slide; the rest of the line is its title.
 * - Paragraphs (runs of non-blank lines) after a cue are that slide's notes, lines joined by spaces.
 * - A line whose trimmed text is `- - - -` is a pause marker inside the notes.
 *
 * Additions, all optional, so a plain script still reads like a script:
 *
 * 1. Front matter at the very top, between two `---` lines, one `key: value` per line:
 *    title, subtitle, author, event, date, duration (planned minutes, used for pacing).
 *    When it has a title, the deck opens with a title slide, whose notes are any prose before
 *    the first cue. Without front matter that prose is prepended to the first slide's notes.
 * 2. A slide's visual, on `>` lines directly below its cue (no blank line in between):
 *
 *        SLIDE: Clear Containers
 *        > big: 150 ms | a full VM to a login prompt
 *
 *    `> big: VALUE | CAPTION`            a big number or phrase, with an optional caption
 *    `> image: PATH "ALT TEXT"`          an image; alt text is required
 *    `> chart: NAME key=value …`         a chart rendered from the recorded runs
 *    `> bullets:` then `> - item` lines  a short list; `> + item` appears on the next step
 *    `> code: LANG {1|2-3|all}` then `> text` lines  a code block; the optional braces highlight
 *                                        those lines, one `|`-separated group per step
 *    `> file: PATH.md`                   the visual comes from its own Markdown file
 *
 *    Steps (incremental reveal): the deck shows a slide's steps one per "next" before moving on;
 *    the read view, the handout and the PDF show the final step.
 *
 *    PATHs are relative to the project root (e.g. `public/logo.png`, `content/talk/slides/x.md`).
 *    A cue without a visual shows its title big.
 */

export interface TalkMeta {
  title?: string;
  subtitle?: string;
  author?: string;
  event?: string;
  date?: string;
  /** Planned length of the talk in minutes, for the presenter's pacing display. */
  durationMinutes?: number;
}

export type NoteBlock = { kind: "para"; text: string; line: number } | { kind: "pause"; line: number };

/** A bullet and the step on which it appears (0: with the slide). */
export interface BulletItem {
  text: string;
  step: number;
  line: number;
}

export type Visual =
  | { kind: "big"; value: string; caption: string; line: number }
  | { kind: "image"; path: string; alt: string; line: number }
  | { kind: "chart"; name: string; params: Record<string, string>; line: number }
  | { kind: "bullets"; items: BulletItem[]; line: number }
  /** `highlight`: per step, the 1-based lines to highlight (empty: every line); null: no highlighting. */
  | { kind: "code"; lang: string; text: string; highlight: number[][] | null; line: number }
  | { kind: "file"; path: string; line: number }
  | { kind: "title-card"; line: number };

export interface Slide {
  /** 0-based position in the deck. */
  index: number;
  /** URL fragment naming the slide, unique in the talk. */
  slug: string;
  title: string;
  /** 1-based line of the cue in the source (0 for the generated title slide). */
  line: number;
  visual: Visual | null;
  notes: NoteBlock[];
}

export interface Talk {
  file: string;
  meta: TalkMeta;
  slides: Slide[];
}

/** A problem in the script, with the place it was found and how to fix it. */
export class TalkError extends Error {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
  readonly hint: string | undefined;
  constructor(file: string, line: number, problem: string, hint?: string) {
    super(`${file}:${line}: ${problem}${hint ? `\n  hint: ${hint}` : ""}`);
    this.name = "TalkError";
    this.file = file;
    this.line = line;
    this.problem = problem;
    this.hint = hint;
  }
}

const CUE = /^SLIDE:/;
/** `Slide:`, `slide :`, `SLIDE :`…: meant as a cue, but not one, so the slide would merge into the previous one. */
const NEAR_CUE = /^slide\s*:/i;
const PAUSE = /^-(\s+-){3,}$/; // "- - - -" (allowing more dashes)
const META_KEYS = ["title", "subtitle", "author", "event", "date", "duration"] as const;

/** Several problems found in one pass; the message lists each as file:line. */
export class TalkErrors extends Error {
  readonly errors: TalkError[];
  constructor(errors: TalkError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "TalkErrors";
    this.errors = errors;
  }
}

/** Parses a whole script. `file` is only used in error messages. */
export function parseTalk(text: string, file = "talk.txt"): Talk {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const { meta, bodyStart } = parseFrontMatter(lines, file);
  const slides: Slide[] = [];
  const preamble: NoteBlock[] = [];
  const problems: TalkError[] = [];
  let notes = preamble;
  let para: { text: string[]; line: number; lines: number[] } | null = null;
  /** The cue whose visual is still missing, while only blank lines follow it. */
  let bareCue: { line: number } | null = null;

  const endParagraph = () => {
    if (para) {
      const joined = para.text.join(" ");
      checkStatTokens(joined, para.lines, para.text, file, problems);
      notes.push({ kind: "para", text: joined, line: para.line });
    }
    para = null;
  };

  for (let i = bodyStart; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const trimmed = raw.trim();
    const lineNo = i + 1;
    if (CUE.test(trimmed)) {
      endParagraph();
      const title = trimmed.slice("SLIDE:".length).trim();
      if (!title)
        problems.push(
          new TalkError(
            file,
            lineNo,
            "a SLIDE: cue without a title",
            "write the slide's title after the colon, e.g. `  SLIDE: Boot timeline`",
          ),
        );
      const block = collectVisualLines(lines, i + 1);
      let visual: Visual | null = null;
      try {
        visual = block.length ? parseVisual(block, file) : null;
      } catch (e) {
        if (!(e instanceof TalkError)) throw e;
        problems.push(e);
      }
      i += block.length;
      const slide: Slide = { index: slides.length, slug: "", title, line: lineNo, visual, notes: [] };
      slides.push(slide);
      notes = slide.notes;
      bareCue = block.length ? null : { line: lineNo };
      continue;
    }
    if (NEAR_CUE.test(trimmed)) {
      problems.push(
        new TalkError(
          file,
          lineNo,
          `"${trimmed.slice(0, trimmed.indexOf(":") + 1)}" is not a slide cue, so this text would join the previous slide`,
          "write the cue in capitals with the colon right after it: `  SLIDE: Title`",
        ),
      );
    } else if (trimmed.startsWith(">")) {
      problems.push(
        bareCue
          ? new TalkError(
              file,
              lineNo,
              `a blank line separates this \`>\` line from its cue (line ${bareCue.line}), so it would be read as notes`,
              "remove the blank line: a slide's `>` lines sit directly below its SLIDE: cue",
            )
          : new TalkError(
              file,
              lineNo,
              "a `>` line inside the notes would be read as notes",
              "a slide's visual is declared on `>` lines directly below its SLIDE: cue, with no blank line or prose in between",
            ),
      );
      // One report per block of `>` lines.
      while ((lines[i + 1] ?? "").trim().startsWith(">")) i++;
    } else if (PAUSE.test(trimmed)) {
      endParagraph();
      notes.push({ kind: "pause", line: lineNo });
    } else if (trimmed === "") {
      endParagraph();
      continue; // a blank line keeps bareCue: the next `>` line is still "after a blank line"
    } else if (para) {
      para.text.push(trimmed);
      para.lines.push(lineNo);
    } else {
      para = { text: [trimmed], line: lineNo, lines: [lineNo] };
    }
    bareCue = null;
  }
  endParagraph();

  if (slides.length === 0) {
    problems.push(
      new TalkError(
        file,
        1,
        "no slides: the script has no `SLIDE:` cue",
        "start each slide with a line like `  SLIDE: Title of the slide`",
      ),
    );
  }
  if (problems.length === 1) throw problems[0]!;
  if (problems.length) throw new TalkErrors(problems);
  if (meta.title) {
    slides.unshift({
      index: 0,
      slug: "",
      title: meta.title,
      line: 0,
      visual: { kind: "title-card", line: 0 },
      notes: preamble,
    });
  } else if (preamble.length) {
    slides[0]!.notes.unshift(...preamble);
  }
  assignSlugs(slides);
  return { file, meta, slides };
}

/**
 * An unclosed `:stat{…` (or `:stat` without braces) would be published literally; report it at
 * the line where it starts. `text` is the paragraph's lines joined by single spaces.
 */
function checkStatTokens(text: string, lineNos: number[], parts: string[], file: string, problems: TalkError[]): void {
  const lineAt = (offset: number) => {
    let end = 0;
    for (const [i, part] of parts.entries()) {
      end += part.length + 1;
      if (offset < end) return lineNos[i]!;
    }
    return lineNos.at(-1)!;
  };
  for (const m of text.matchAll(/:stat\b(\{?)/g)) {
    const start = m.index;
    if (!m[1]) {
      problems.push(
        new TalkError(
          file,
          lineAt(start),
          "`:stat` without `{…}`",
          "write the attributes in braces, e.g. :stat{suite=story variant=quiet field=saving}",
        ),
      );
      continue;
    }
    const close = text.indexOf("}", start);
    const next = text.indexOf(":stat", start + 1);
    if (close < 0 || (next >= 0 && next < close))
      problems.push(
        new TalkError(
          file,
          lineAt(start),
          `unclosed \`${text.slice(start, start + 40).trim()}…\`: the \`}\` is missing`,
          "close the attributes with `}` in the same paragraph, e.g. :stat{suite=story field=median}",
        ),
      );
  }
}

/** Checks a one-line text (a `> big:` value, a bullet) for unclosed `:stat{`; throws the first problem. */
function checkStatLine(text: string, line: number, file: string): void {
  const problems: TalkError[] = [];
  checkStatTokens(text, [line], [text], file, problems);
  if (problems[0]) throw problems[0];
}

function parseFrontMatter(lines: string[], file: string): { meta: TalkMeta; bodyStart: number } {
  if (lines[0]?.trim() !== "---") return { meta: {}, bodyStart: 0 };
  // Find the end first: without it every later line would be misread as a key (e.g. "unknown key SLIDE").
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  const cue = lines.findIndex((l, i) => i > 0 && CUE.test(l.trim()));
  if (close < 0 || (cue >= 0 && cue < close)) {
    throw new TalkError(
      file,
      1,
      cue >= 0 && close > cue
        ? `the front matter opened here is not closed before the first cue (line ${cue + 1})`
        : "unclosed front matter: it starts with `---` but no line `---` ends it",
      "end the front matter with a line `---` before the first cue (or remove the opening `---`)",
    );
  }
  const meta: TalkMeta = {};
  for (let i = 1; i < close; i++) {
    const line = (lines[i] ?? "").trim();
    const lineNo = i + 1;
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([A-Za-z]+)\s*:\s*(.*)$/.exec(line);
    if (!m)
      throw new TalkError(
        file,
        lineNo,
        `front matter line is not \`key: value\`: ${line}`,
        `known keys: ${META_KEYS.join(", ")}`,
      );
    const key = m[1]!;
    const value = unquote(m[2]!.trim());
    switch (key) {
      case "duration": {
        const minutes = Number(value.replace(/\s*(min|minutes)$/, ""));
        if (!Number.isFinite(minutes) || minutes <= 0) {
          throw new TalkError(
            file,
            lineNo,
            `duration must be a positive number of minutes, got "${value}"`,
            "e.g. `duration: 25`",
          );
        }
        meta.durationMinutes = minutes;
        break;
      }
      case "title":
      case "subtitle":
      case "author":
      case "event":
      case "date":
        meta[key] = value;
        break;
      default:
        throw new TalkError(file, lineNo, `unknown front matter key "${key}"`, `known keys: ${META_KEYS.join(", ")}`);
    }
  }
  return { meta, bodyStart: close + 1 };
}

/** The `>` lines directly below a cue, with their line numbers. */
function collectVisualLines(lines: string[], start: number): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  for (let i = start; i < lines.length; i++) {
    const trimmed = (lines[i] ?? "").trimStart();
    if (!trimmed.startsWith(">")) break;
    // Drop ">" and one following space; keep the rest verbatim (code needs its indentation).
    out.push({ text: trimmed.slice(1).replace(/^ /, "").trimEnd(), line: i + 1 });
  }
  return out;
}

const VISUAL_KINDS = ["big", "image", "chart", "bullets", "code", "file"];

function parseVisual(block: Array<{ text: string; line: number }>, file: string): Visual {
  const head = block[0]!;
  const m = /^([a-z]+):\s*(.*)$/.exec(head.text.trim());
  const kinds = `one of ${VISUAL_KINDS.map((k) => `\`> ${k}:\``).join(", ")}`;
  if (!m || !VISUAL_KINDS.includes(m[1]!)) {
    throw new TalkError(
      file,
      head.line,
      `not a visual declaration: "> ${head.text.trim()}"`,
      `a \`>\` line right below a cue declares the slide's visual: ${kinds}; leave a blank line before prose`,
    );
  }
  const kind = m[1]!;
  const arg = m[2]!.trim();
  const rest = block.slice(1);
  const noContinuation = () => {
    if (rest.length)
      throw new TalkError(
        file,
        rest[0]!.line,
        `\`> ${kind}:\` takes a single line; a slide has one visual`,
        "put prose after a blank line, or use `> bullets:` for a list",
      );
  };
  switch (kind) {
    case "big": {
      noContinuation();
      const [value = "", ...caption] = arg.split("|");
      if (!value.trim())
        throw new TalkError(file, head.line, "`> big:` needs a value", "e.g. `> big: 150 ms | to a login prompt`");
      checkStatLine(arg, head.line, file);
      return { kind, value: value.trim(), caption: caption.join("|").trim(), line: head.line };
    }
    case "image": {
      noContinuation();
      const im = /^(\S+)(?:\s+"(.*)")?\s*$/.exec(arg);
      if (!im || !im[1])
        throw new TalkError(
          file,
          head.line,
          "`> image:` needs a path",
          'e.g. `> image: public/qemu.png "QEMU boot sequence"`',
        );
      if (!im[2]?.trim())
        throw new TalkError(
          file,
          head.line,
          `image ${im[1]} has no alt text`,
          `describe the image in quotes after the path: > image: ${im[1]} "what the image shows"`,
        );
      return { kind, path: im[1], alt: im[2].trim(), line: head.line };
    }
    case "chart": {
      noContinuation();
      const [name = "", ...pairs] = arg.split(/\s+/).filter(Boolean);
      if (!name)
        throw new TalkError(file, head.line, "`> chart:` needs a chart name", "e.g. `> chart: savings suite=story`");
      const params: Record<string, string> = {};
      for (const pair of pairs) {
        const eq = pair.indexOf("=");
        if (eq <= 0)
          throw new TalkError(
            file,
            head.line,
            `chart parameter "${pair}" is not key=value`,
            "e.g. `> chart: distribution suite=story`",
          );
        params[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      return { kind, name, params, line: head.line };
    }
    case "bullets": {
      if (arg)
        throw new TalkError(
          file,
          head.line,
          "`> bullets:` takes its items on the following lines",
          "write `> bullets:` then one `> - item` line per bullet",
        );
      let step = 0;
      const items = rest.map((r): BulletItem => {
        const b = /^\s*([-*+])\s+(.*)$/.exec(r.text);
        if (!b)
          throw new TalkError(
            file,
            r.line,
            `bullet line does not start with "- " or "+ ": ${r.text}`,
            "write each item as `> - item`, or `> + item` for one that appears on the next step",
          );
        checkStatLine(b[2]!, r.line, file);
        // "+" starts a new step; "-" appears with the item before it.
        if (b[1] === "+") step++;
        return { text: b[2]!.trim(), step, line: r.line };
      });
      if (!items.length)
        throw new TalkError(file, head.line, "`> bullets:` has no items", "add `> - item` lines directly below it");
      return { kind, items, line: head.line };
    }
    case "code": {
      if (!rest.length)
        throw new TalkError(
          file,
          head.line,
          "`> code:` has no code lines",
          "add the code on `> ` lines directly below it",
        );
      const cm = /^([^\s{]*)\s*(?:\{([^}]*)\})?\s*$/.exec(arg);
      if (!cm)
        throw new TalkError(
          file,
          head.line,
          `\`> code: ${arg}\` is not a language with optional line groups`,
          "e.g. `> code: sh` or `> code: ts {1|2-3|all}`",
        );
      const highlight = cm[2] === undefined ? null : parseHighlight(cm[2], rest.length, file, head.line);
      return { kind, lang: cm[1]!, text: rest.map((r) => r.text).join("\n"), highlight, line: head.line };
    }
    default: {
      // file
      noContinuation();
      if (!arg)
        throw new TalkError(file, head.line, "`> file:` needs a path", "e.g. `> file: content/talk/slides/method.md`");
      return { kind: "file", path: arg, line: head.line };
    }
  }
}

/**
 * `1|2-3|all` → [[1], [2, 3], []]: one group per step, each the lines to highlight (empty: all).
 * Every line number must exist in the block.
 */
export function parseHighlight(spec: string, lineCount: number, file: string, line: number): number[][] {
  const hint = "write groups of 1-based line numbers and ranges, one per step, e.g. {1|2-3,5|all}";
  const groups = spec.split("|").map((group) => {
    const g = group.trim();
    if (g === "all" || g === "*") return [];
    const lines: number[] = [];
    for (const part of g.split(",")) {
      const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
      if (!m) throw new TalkError(file, line, `\`{${spec}}\`: "${part.trim()}" is not a line or a range`, hint);
      const from = Number(m[1]);
      const to = Number(m[2] ?? m[1]);
      if (from < 1 || to < from || to > lineCount)
        throw new TalkError(
          file,
          line,
          `\`{${spec}}\`: lines ${part.trim()} are outside the code block (lines 1-${lineCount})`,
          hint,
        );
      for (let n = from; n <= to; n++) lines.push(n);
    }
    return lines;
  });
  return groups;
}

/** How many steps a visual has beyond the first view (0: none). */
export function visualSteps(visual: Visual | null): number {
  if (visual?.kind === "bullets") return Math.max(0, ...visual.items.map((i) => i.step));
  if (visual?.kind === "code" && visual.highlight) return visual.highlight.length - 1;
  return 0;
}

/** Lower-case, dash-separated slug; unique within the talk (second "Results" → "results-2"). */
export function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function assignSlugs(slides: Slide[]): void {
  const seen = new Map<string, number>();
  slides.forEach((slide, i) => {
    slide.index = i;
    // Purely numeric slugs would clash with the #/N slide-number URLs.
    let base = slugify(slide.title) || "slide";
    if (/^\d+$/.test(base)) base = `slide-${base}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    slide.slug = n === 1 ? base : `${base}-${n}`;
  });
}

function unquote(value: string): string {
  const q = /^(["'])(.*)\1$/.exec(value);
  return q ? q[2]! : value;
}

/** Words spoken on a slide, the basis of the presenter's pacing. */
export function noteWords(slide: Slide): number {
  return slide.notes.reduce((n, b) => n + (b.kind === "para" ? b.text.split(/\s+/).filter(Boolean).length : 0), 0);
}
