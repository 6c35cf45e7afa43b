/**
 * The directive syntax of the talk and the paper, `:name[label]{attributes}`, read from plain
 * text. The paper gets the same syntax from remark-directive (Markdown); the talk's script is
 * not Markdown, so it needs this small tokenizer, and the claim linter and the "figures
 * affected" report read both documents' sources with it. It follows remark-directive where
 * the two meet: one to three colons, a name of letters, digits, `-` and `_`, an optional label
 * in balanced brackets (which may hold further directives), and optional attributes in braces
 * (`key=value`, `key="a b"`, `key='a b'`, bare `key`, `#id`, `.class`).
 *
 * Unlike remark-directive, a bare `:name` with neither label nor attributes is plain text, so
 * "note:this" in a speaker's notes never turns into a directive (and "10:30" never could: a
 * name starts with a letter).
 */

export interface TextSegment {
  kind: "text";
  text: string;
  /** Offsets into the tokenized text. */
  start: number;
  end: number;
}

export interface DirectiveSegment {
  kind: "directive";
  name: string;
  /** 1 for `:text`, 2 for `::leaf`, 3 for `:::container`. */
  colons: number;
  /** The label's content, itself tokenized; null when the directive has no `[…]`. */
  label: Segment[] | null;
  /** The label's source text (between the brackets); null without a label. */
  labelSource: string | null;
  attributes: Record<string, string>;
  /** The whole directive as written. */
  source: string;
  start: number;
  end: number;
}

export type Segment = TextSegment | DirectiveSegment;

/** A directive that cannot be read; `offset` is where in the text, `hint` how to fix it. */
export class DirectiveSyntaxError extends Error {
  override name = "DirectiveSyntaxError";
  readonly offset: number;
  readonly hint: string;
  constructor(message: string, offset: number, hint: string) {
    super(message);
    this.offset = offset;
    this.hint = hint;
  }
}

const NAME = /[A-Za-z][\w-]*/y;

/** Splits text into plain text and directives (nested directives live in their labels). */
export function tokenize(text: string, offset = 0, end = text.length): Segment[] {
  const segments: Segment[] = [];
  let textStart = offset;
  let i = offset;
  while (i < end) {
    const directive = text[i] === ":" && startsDirective(text, i) ? readDirective(text, i, end) : null;
    if (!directive) {
      i += text[i] === "\\" ? 2 : 1;
      continue;
    }
    if (directive.start > textStart)
      segments.push({
        kind: "text",
        text: text.slice(textStart, directive.start),
        start: textStart,
        end: directive.start,
      });
    segments.push(directive);
    i = textStart = directive.end;
  }
  if (end > textStart) segments.push({ kind: "text", text: text.slice(textStart, end), start: textStart, end });
  return segments;
}

/** As in remark-directive, a directive may follow a word ("them:assert{…}"), but not a colon or an escape. */
function startsDirective(text: string, i: number): boolean {
  const before = text[i - 1];
  return before === undefined || !/[:\\]/.test(before);
}

function readDirective(text: string, start: number, end: number): DirectiveSegment | null {
  let i = start;
  while (text[i] === ":" && i - start < 3) i++;
  const colons = i - start;
  if (text[i] === ":") return null;
  NAME.lastIndex = i;
  const name = NAME.exec(text)?.[0];
  if (!name) return null;
  i += name.length;
  let label: Segment[] | null = null;
  let labelSource: string | null = null;
  if (text[i] === "[") {
    const close = closingBracket(text, i, end);
    if (close < 0)
      throw new DirectiveSyntaxError(
        `the label of ${":".repeat(colons)}${name} is never closed`,
        i,
        "close it with ] (a literal bracket inside a label is written \\[ or \\])",
      );
    labelSource = text.slice(i + 1, close);
    label = tokenize(text, i + 1, close);
    i = close + 1;
  }
  let attributes: Record<string, string> = {};
  if (text[i] === "{") {
    const close = closingBrace(text, i, end);
    if (close < 0)
      throw new DirectiveSyntaxError(
        `the attributes of ${":".repeat(colons)}${name} are never closed`,
        i,
        'close them with } (quote values that contain spaces or braces: key="a b")',
      );
    attributes = parseAttributes(text.slice(i + 1, close), i + 1);
    i = close + 1;
  } else if (label === null) {
    return null; // a bare `:word` is text
  }
  return {
    kind: "directive",
    name,
    colons,
    label,
    labelSource,
    attributes,
    source: text.slice(start, i),
    start,
    end: i,
  };
}

/** The index of the `]` closing the `[` at `open`, counting nested brackets; −1 when none. */
function closingBracket(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return i;
  }
  return -1;
}

/** The index of the `}` closing the `{` at `open`, outside quoted values; −1 when none. */
function closingBrace(text: string, open: number, end: number): number {
  let quote: string | null = null;
  for (let i = open + 1; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "}") return i;
  }
  return -1;
}

const ATTRIBUTE =
  /\s*(?:#([^\s"'{}#.=]+)|\.([^\s"'{}#.=]+)|([A-Za-z_:][\w:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`}]+)))?)\s*/y;

/** Parses the inside of `{…}`: `key=value key="a b" flag #id .class` (later keys win). */
export function parseAttributes(source: string, offset = 0): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < source.length) {
    if (/^\s*$/.test(source.slice(i))) break;
    ATTRIBUTE.lastIndex = i;
    const m = ATTRIBUTE.exec(source);
    if (!m || m[0].length === 0)
      throw new DirectiveSyntaxError(
        `cannot read the attributes "${source.trim()}" at "${source.slice(i).trim().slice(0, 20)}"`,
        offset + i,
        'write key=value pairs separated by spaces; quote values with spaces: key="a b"',
      );
    if (m[1] !== undefined) out.id = m[1];
    else if (m[2] !== undefined) out.class = out.class ? `${out.class} ${m[2]}` : m[2];
    else out[m[3]!] = m[4] ?? m[5] ?? m[6] ?? "";
    i += m[0].length;
  }
  return out;
}

/** Every directive in segments, depth first (labels included), in source order. */
export function* directivesIn(segments: readonly Segment[]): Generator<DirectiveSegment> {
  for (const s of segments) {
    if (s.kind !== "directive") continue;
    yield s;
    if (s.label) yield* directivesIn(s.label);
  }
}

/** The 1-based line and column of an offset in text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  return { line, column: offset - lineStart + 1 };
}
