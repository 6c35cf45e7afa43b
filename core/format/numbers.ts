/**
 * How numbers look, everywhere: the paper, the talk, chart labels and the bench report. One
 * place, so a median in a sentence, a table cell, a chart label and the method section are
 * formatted the same way (en-GB digits pinned, whatever the machine's locale; a true minus
 * sign; thin rules about precision).
 */

const GROUPED = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const FIXED = new Map<number, Intl.NumberFormat>();

/** A number with grouping and exactly `digits` decimals, e.g. "1,234" or "−3.48". */
export function formatNumber(value: number, digits = 0): string {
  let format = FIXED.get(digits);
  if (!format) {
    format = new Intl.NumberFormat("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    FIXED.set(digits, format);
  }
  return format.format(value).replace(/-/g, "\u2212");
}

/**
 * The bench report's fixed style, "3768.2ms" (one decimal, no grouping, no space), as the
 * original boot-benchmark printed its `Result:` line.
 */
export function formatFixedMs(ms: number): string {
  return `${ms.toFixed(1)}ms`;
}

/**
 * A duration in milliseconds, e.g. "1,234 ms" or "8.5 ms". Under 10 ms a decimal is kept
 * because whole milliseconds would hide the difference; above that, boot-time noise is far
 * larger than a millisecond, so decimals would suggest precision the data does not have.
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  const text = Math.abs(ms) < 10 ? ONE_DECIMAL.format(ms) : GROUPED.format(ms);
  return `${text.replace(/^-/, "−")}\u202Fms`;
}

/**
 * An interval of milliseconds, "180–300 ms" (the unit once, an en dash between); "−568 to
 * 663 ms" when a bound is negative, because a dash next to a minus sign misreads.
 */
export function formatMsRange([low, high]: readonly [number, number]): string {
  const separator = low < 0 || high < 0 ? " to " : "–";
  return `${formatMs(low).replace(/\u202Fms$/, "")}${separator}${formatMs(high)}`;
}

/** A whole count with grouping, e.g. "1,024". */
export function formatCount(n: number): string {
  return GROUPED.format(n);
}

const SMALL = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
];

/** A small count in words, as prose writes it ("six steps"); digits from 21 on. */
export function spelledCount(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < SMALL.length ? SMALL[n]! : formatCount(n);
}

/** A percentage with one decimal, e.g. "12.5 %". */
export function formatPercent(value: number): string {
  return `${ONE_DECIMAL.format(value)}\u202F%`;
}

/** A ratio of two times, to two significant digits below 1 ("0.059×") and two decimals above ("1.34×"). */
export function formatRatio(ratio: number): string {
  return `${ratio < 1 ? Number(ratio.toPrecision(2)) : ratio.toFixed(2)}\u00d7`;
}

/** A calendar date in words, UTC, e.g. "25 November 2026". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    date,
  );
}

/** Bytes in binary units, e.g. "7.8 GiB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? GROUPED.format(value) : ONE_DECIMAL.format(value)}\u202F${units[unit]}`;
}
