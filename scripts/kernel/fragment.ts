/**
 * Kconfig fragments (content/kernel/*.config) and the check that matters most: after
 * `make olddefconfig`, does the final .config still hold every value a fragment asked for?
 * kconfig drops an option whose dependencies are unmet without a word, so a fragment that
 * "enables ACPI" can build a kernel without it. Pure functions: text in, findings out.
 */
import { fileError } from "../../core/errors.ts";

/** A symbol's value as written: "y", "m", a number or a quoted string; null for "is not set". */
export type KconfigValue = string | null;

export interface FragmentOption {
  /** Full name, e.g. CONFIG_ACPI. */
  symbol: string;
  value: KconfigValue;
  line: number;
  /** The comment lines right above the option: why it is there. */
  why: string;
}

export interface Fragment {
  file: string;
  options: FragmentOption[];
}

const SET = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/;
const NOT_SET = /^# (CONFIG_[A-Za-z0-9_]+) is not set$/;
const VALUE = /^(?:[ynm]|-?\d+|0x[0-9a-fA-F]+|"(?:[^"\\]|\\.)*")$/;

/**
 * Parses a fragment. Every option needs its own comment line(s) directly above it, values
 * must be well formed, and a symbol may appear only once (merge_config.sh would silently let
 * the last one win). Errors name the file and line.
 */
export function parseFragment(text: string, file: string): Fragment {
  const options: FragmentOption[] = [];
  const seen = new Map<string, number>();
  let comment: string[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trimEnd();
    const set = SET.exec(trimmed);
    const notSet = NOT_SET.exec(trimmed);
    if (!set && !notSet) {
      if (trimmed === "") comment = [];
      else if (trimmed.startsWith("#")) comment.push(trimmed.replace(/^#\s?/, ""));
      else
        throw fileError(
          file,
          `line ${line}`,
          `not a Kconfig line: ${JSON.stringify(trimmed)}`,
          `write CONFIG_NAME=value or "# CONFIG_NAME is not set"`,
        );
      return;
    }
    const symbol = (set ?? notSet)![1]!;
    let value: KconfigValue = set ? set[2]! : null;
    if (value !== null && !VALUE.test(value)) {
      throw fileError(
        file,
        `line ${line}`,
        `${symbol} has the value ${JSON.stringify(value)}`,
        `use y, m, a number, or a "quoted string" (no comment after the value: put it on the line above)`,
      );
    }
    if (value === "n") value = null;
    if (comment.length === 0) {
      throw fileError(
        file,
        `line ${line}`,
        `${symbol} has no comment`,
        `say in a comment line right above it why the appliance needs it`,
      );
    }
    const earlier = seen.get(symbol);
    if (earlier !== undefined)
      throw fileError(file, `line ${line}`, `${symbol} is already set on line ${earlier}`, "keep one line per option");
    seen.set(symbol, line);
    options.push({ symbol, value, line, why: comment.join(" ") });
    comment = [];
  });
  return { file, options };
}

/** Parses a .config: symbol → value (null for "is not set"); other comments are ignored. */
export function parseDotConfig(text: string): Map<string, KconfigValue> {
  const values = new Map<string, KconfigValue>();
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    const set = SET.exec(line);
    if (set) values.set(set[1]!, set[2] === "n" ? null : set[2]!);
    const notSet = NOT_SET.exec(line);
    if (notSet) values.set(notSet[1]!, null);
  }
  return values;
}

/** What the merged fragments ask for, later fragments overriding earlier ones (as merge_config.sh does). */
export function expectedValues(
  fragments: readonly Fragment[],
): Map<string, { value: KconfigValue; file: string; line: number }> {
  const expected = new Map<string, { value: KconfigValue; file: string; line: number }>();
  for (const fragment of fragments) {
    for (const option of fragment.options)
      expected.set(option.symbol, { value: option.value, file: fragment.file, line: option.line });
  }
  return expected;
}

export interface Dropped {
  symbol: string;
  wanted: KconfigValue;
  /** The value in the final .config; undefined when the symbol is not there at all. */
  got: KconfigValue | undefined;
  file: string;
  line: number;
}

/**
 * Every requested value the final .config does not have. A symbol absent from the final
 * .config counts as dropped even for "is not set": kconfig only leaves out a symbol whose
 * dependencies are off (or that does not exist, a typo), so the line has no effect.
 */
export function droppedOptions(
  fragments: readonly Fragment[],
  finalConfig: ReadonlyMap<string, KconfigValue>,
): Dropped[] {
  const dropped: Dropped[] = [];
  for (const [symbol, { value, file, line }] of expectedValues(fragments)) {
    const got = finalConfig.has(symbol) ? finalConfig.get(symbol)! : undefined;
    if (got !== value) dropped.push({ symbol, wanted: value, got, file, line });
  }
  return dropped;
}

/** One line per dropped option, e.g. "content/kernel/appliance.config:12 CONFIG_ACPI=y, got: not set". */
export function formatDropped(dropped: readonly Dropped[]): string {
  const show = (v: KconfigValue | undefined) =>
    v === undefined ? "absent (unmet dependency or unknown symbol)" : v === null ? "not set" : v;
  return dropped.map((d) => `${d.file}:${d.line} ${d.symbol}=${d.wanted ?? "n"}, got: ${show(d.got)}`).join("\n");
}
