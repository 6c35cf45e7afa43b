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
 *    `> bullets:` then `> - item` lines  a short list
 *    `> code: LANG` then `> text` lines  a code block, shown verbatim
 *    `> file: PATH.md`                   the visual comes from its own Markdown file
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

export type Visual =
  | { kind: "big"; value: string; caption: string; line: number }
  | { kind: "image"; path: string; alt: string; line: number }
  | { kind: "chart"; name: string; params: Record<string, string>; line: number }
  | { kind: "bullets"; items: string[]; line: number }
  | { kind: "code"; lang: string; text: string; line: number }
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
  readonly hint: string | undefined;
  constructor(file: string, line: number, problem: string, hint?: string) {
    super(`${file}:${line}: ${problem}${hint ? `\n  hint: ${hint}` : ""}`);
    this.name = "TalkError";
    this.file = file;
    this.line = line;
    this.hint = hint;
  }
}

const CUE = /^SLIDE:/;
const PAUSE = /^-(\s+-){3,}$/; // "- - - -" (allowing more dashes)
const META_KEYS = ["title", "subtitle", "author", "event", "date", "duration"] as const;

/** Parses a whole script. `file` is only used in error messages. */
export function parseTalk(text: string, file = "talk.txt"): Talk {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const { meta, bodyStart } = parseFrontMatter(lines, file);
  const slides: Slide[] = [];
  const preamble: NoteBlock[] = [];
  let notes = preamble;
  let para: { text: string[]; line: number } | null = null;

  const endParagraph = () => {
    if (para) notes.push({ kind: "para", text: para.text.join(" "), line: para.line });
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
        throw new TalkError(
          file,
          lineNo,
          "a SLIDE: cue without a title",
          "write the slide's title after the colon, e.g. `  SLIDE: Boot timeline`",
        );
      const block = collectVisualLines(lines, i + 1);
      const visual = block.length ? parseVisual(block, file) : null;
      i += block.length;
      const slide: Slide = { index: slides.length, slug: "", title, line: lineNo, visual, notes: [] };
      slides.push(slide);
      notes = slide.notes;
    } else if (PAUSE.test(trimmed)) {
      endParagraph();
      notes.push({ kind: "pause", line: lineNo });
    } else if (trimmed === "") {
      endParagraph();
    } else if (para) {
      para.text.push(trimmed);
    } else {
      para = { text: [trimmed], line: lineNo };
    }
  }
  endParagraph();

  if (slides.length === 0) {
    throw new TalkError(
      file,
      1,
      "no slides: the script has no `SLIDE:` cue",
      "start each slide with a line like `  SLIDE: Title of the slide`",
    );
  }
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

function parseFrontMatter(lines: string[], file: string): { meta: TalkMeta; bodyStart: number } {
  if (lines[0]?.trim() !== "---") return { meta: {}, bodyStart: 0 };
  const meta: TalkMeta = {};
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    const lineNo = i + 1;
    if (line === "---") return { meta, bodyStart: i + 1 };
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
  throw new TalkError(
    file,
    1,
    "front matter starts with `---` but is never closed",
    "end it with a line `---` before the first cue",
  );
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
      const items = rest.map((r) => {
        const b = /^\s*[-*]\s+(.*)$/.exec(r.text);
        if (!b)
          throw new TalkError(
            file,
            r.line,
            `bullet line does not start with "- ": ${r.text}`,
            "write each item as `> - item`",
          );
        return b[1]!.trim();
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
      return { kind, lang: arg, text: rest.map((r) => r.text).join("\n"), line: head.line };
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
