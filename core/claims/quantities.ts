/**
 * Quantities in prose: a number with a unit ("150 ms", "3.5 s", "40%", "20 MB", "3 to 5
 * seconds", "3× faster") or a spelled-out one ("one hundred and fifty milliseconds", "forty
 * percent", "sixteen-byte", "hundreds of lines", "three and a half seconds"). The claim linter
 * finds them in the text that is neither bound nor cited; the bibliography's support lists are
 * read with the same grammar, so "3.5 seconds" in the text matches "3.5 s" in an entry.
 *
 * Hand-written rather than a words-to-numbers package: the linter needs each quantity's place
 * in the text and its unit, which those packages do not give.
 */

export type Dimension = "time" | "percent" | "bytes" | "ratio" | "lines";

export interface Quantity {
  /** As written. */
  text: string;
  start: number;
  end: number;
  dimension: Dimension;
  /** Values in the dimension's base unit (ms, %, bytes, ×, lines); empty when vague ("hundreds of lines"). */
  values: number[];
}

const ONES: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1e6 };
const VAGUE = ["tens", "dozens", "hundreds", "thousands", "millions"];
const WORD = `(?:${[...Object.keys(ONES), ...Object.keys(SCALES), "half", "dozen"].join("|")})`;
/** One spelled number: "one hundred and twenty-five", "one point two", "three and a half", "a hundred". */
const PHRASE = `(?:(?:a\\s+(?=hundred|thousand|half|dozen))?${WORD}(?:(?:[\\s-]+|(?<=hundred|thousand|million)\\s+and\\s+|\\s+and\\s+(?=a\\s+half)|\\s+point\\s+)(?:a\\s+(?=half))?${WORD})*)`;
/** A spelled number or range ("three to five", "between three and five"), or a vague plural ("hundreds"). */
const SPELLED = `(?:${PHRASE}(?:\\s+(?:to|or|and)\\s+${PHRASE})?|${VAGUE.join("|")})`;

/** Units: the pattern, its dimension and the factor to the base unit. */
const UNITS: { pattern: string; dimension: Dimension; factor: number }[] = [
  { pattern: "ms|msecs?|milliseconds?", dimension: "time", factor: 1 },
  { pattern: "µs|us|microseconds?", dimension: "time", factor: 0.001 },
  { pattern: "ns|nanoseconds?", dimension: "time", factor: 1e-6 },
  { pattern: "s|secs?|seconds?", dimension: "time", factor: 1000 },
  { pattern: "min|minutes?", dimension: "time", factor: 60_000 },
  { pattern: "%|per\\s?cent|percent", dimension: "percent", factor: 1 },
  { pattern: "KiB|kibibytes?", dimension: "bytes", factor: 1024 },
  { pattern: "MiB|mebibytes?", dimension: "bytes", factor: 1024 ** 2 },
  { pattern: "GiB|gibibytes?", dimension: "bytes", factor: 1024 ** 3 },
  { pattern: "KB|kB|kilobytes?", dimension: "bytes", factor: 1000 },
  { pattern: "MB|megabytes?", dimension: "bytes", factor: 1e6 },
  { pattern: "GB|gigabytes?", dimension: "bytes", factor: 1e9 },
  { pattern: "bytes?", dimension: "bytes", factor: 1 },
  {
    pattern:
      "×|x(?=\\s+(?:faster|slower))|times(?=\\s+(?:faster|slower|more|less|longer|shorter|larger|smaller|bigger|as|the))",
    dimension: "ratio",
    factor: 1,
  },
  // "hundreds of lines", "1,574 lines"; a singular "one line each" counts, it does not measure.
  { pattern: "lines", dimension: "lines", factor: 1 },
];
const UNIT = UNITS.map((u) => `(?:${u.pattern})`).join("|");
const DIGITS = "\\d+(?:,\\d{3})*(?:\\.\\d+)?";
const RANGE_JOIN = "\\s*(?:–|-|to|and)\\s*";

const QUANTITY = new RegExp(
  // digits: "150 ms", "3 to 5 seconds", "1.2s", "16-byte", "3× faster"
  `(?<![\\w.,])(?<digits>[−-]?${DIGITS}(?:${RANGE_JOIN}${DIGITS})?)(?:\\s?|-)(?<dunit>${UNIT})(?![\\w])` +
    // words: "one hundred and fifty milliseconds", "sixteen-byte", "hundreds of lines"
    `|(?<![\\w-])(?<words>${SPELLED})(?:\\s+of)?(?:\\s+|-)(?<wunit>${UNIT})(?![\\w])`,
  "giu",
);

/** Every quantity in text, in order. */
export function findQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  for (const m of text.matchAll(QUANTITY)) {
    const g = m.groups!;
    const unitText = g.dunit ?? g.wunit!;
    const unit = unitOf(text, m.index + m[0].length - unitText.length, unitText.length);
    if (!unit) continue;
    // "the 1990s" is a decade, not 1,990 seconds.
    if (g.digits && /^(19|20)\d\ds$/.test(m[0])) continue;
    const values = g.digits ? digitValues(g.digits) : wordValue(g.words!);
    out.push({
      text: m[0],
      start: m.index,
      end: m.index + m[0].length,
      dimension: unit.dimension,
      values: values.map((v) => v * unit.factor),
    });
  }
  return out;
}

/** The unit written at `at` in text; byte units are case-sensitive (MB is not mb), the others are not. */
function unitOf(text: string, at: number, length: number) {
  return UNITS.find((u) => {
    const re = new RegExp(`(?:${u.pattern})(?![\\w])`, u.dimension === "bytes" ? "uy" : "iuy");
    re.lastIndex = at;
    const m = re.exec(text);
    return m !== null && m[0].length === length;
  });
}

function digitValues(text: string): number[] {
  return [...text.matchAll(new RegExp(`[−-]?${DIGITS}`, "g"))].map((m) =>
    Number(m[0].replace(/,/g, "").replace("−", "-")),
  );
}

/** "one hundred and twenty five" → [125], "three to five" → [3, 5]; [] when vague ("hundreds"). */
export function wordValue(text: string): number[] {
  const parts = text.split(/\s+(?:to|or)\s+|(?<!hundred|thousand|million)\s+and\s+(?!a\s+half)/i);
  return parts.flatMap(phraseValue);
}

/** One phrase: "one hundred and twenty five" → 125, "one point two" → 1.2, "three and a half" → 3.5. */
function phraseValue(text: string): number[] {
  const words = text
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((w) => w && w !== "and" && w !== "a");
  if (words.some((w) => VAGUE.includes(w))) return [];
  let total = 0;
  let current = 0;
  let decimals: string | null = null;
  for (const w of words) {
    if (w === "point") {
      decimals = "";
      continue;
    }
    if (decimals !== null) {
      decimals += String(ONES[w] ?? "");
      continue;
    }
    if (w === "half") {
      current = current === 0 && total === 0 ? 0.5 : current + 0.5;
      continue;
    }
    if (w === "dozen") current = (current || 1) * 12;
    else if (SCALES[w]) {
      current = (current || 1) * SCALES[w];
      if (SCALES[w] >= 1000) {
        total += current;
        current = 0;
      }
    } else current += ONES[w] ?? 0;
  }
  const value = total + current;
  return [decimals ? Number(`${Math.trunc(value)}.${decimals}`) : value];
}

/**
 * Whether what a quantity says is among the supported ones: every value it gives (both ends of
 * a range) is one a support gives in the same dimension; a vague one ("hundreds of lines")
 * only by the same wording.
 */
export function isSupported(q: Quantity, supports: readonly Quantity[]): boolean {
  const same = supports.filter((s) => s.dimension === q.dimension);
  if (q.values.length === 0) return same.some((s) => s.values.length === 0 && normal(s.text) === normal(q.text));
  return q.values.every((v) =>
    same.some((s) => s.values.some((w) => Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(v)))),
  );
}

function normal(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}
