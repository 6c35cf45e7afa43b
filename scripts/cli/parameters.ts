/**
 * Parameter scans, as hyperfine's: `--parameter-scan NAME MIN MAX [--parameter-step-size S]`
 * and `--parameter-list NAME a,b,c`. Every combination of values becomes one variant of the
 * run; `{NAME}` in a command or a kernel argument is replaced by the value, and a NAME that is
 * a boot setting (memsize, smp, machine, accel) sets it. Pure.
 */
import { UserError } from "../../core/errors.ts";

export interface Parameter {
  name: string;
  values: string[];
}

/** Options that take several words, which node's parseArgs cannot express. */
const ARITY = { "--parameter-scan": 3, "--parameter-list": 2 } as const;
/** At most this many values per parameter (a typo like MAX 1e9 would otherwise never end). */
export const MAX_VALUES = 1000;

/** Takes the multi-word parameter options out of argv; the rest goes to the normal parser. */
export function extractParameterOptions(argv: readonly string[]): {
  rest: string[];
  scans: Array<[string, string, string]>;
  lists: Array<[string, string]>;
} {
  const rest: string[] = [];
  const scans: Array<[string, string, string]> = [];
  const lists: Array<[string, string]> = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (!(word in ARITY)) {
      rest.push(word);
      continue;
    }
    const arity = ARITY[word as keyof typeof ARITY];
    const args = argv.slice(i + 1, i + 1 + arity);
    if (args.length < arity || args.some((a) => a.startsWith("--")))
      throw new UserError(
        word === "--parameter-scan"
          ? "--parameter-scan takes NAME MIN MAX, e.g. --parameter-scan memsize 128 512 --parameter-step-size 128"
          : "--parameter-list takes NAME and comma-separated values, e.g. --parameter-list smp 1,2,4",
      );
    if (word === "--parameter-scan") scans.push(args as [string, string, string]);
    else lists.push(args as [string, string]);
    i += arity;
  }
  return { rest, scans, lists };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function checkName(name: string): void {
  if (!NAME.test(name))
    throw new UserError(`parameter name ${JSON.stringify(name)}: use letters, digits, "_" or "-" (e.g. memsize, n)`);
}

/** The values of one --parameter-scan: MIN, MIN+STEP, … ≤ MAX (integers unless STEP has decimals). */
export function scanValues(name: string, min: string, max: string, step: string | undefined): Parameter {
  checkName(name);
  const num = (what: string, raw: string) => {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n))
      throw new UserError(`--parameter-scan ${name}: ${what} must be a number, got ${JSON.stringify(raw)}`);
    return n;
  };
  const lo = num("MIN", min);
  const hi = num("MAX", max);
  const by = step === undefined ? 1 : num("--parameter-step-size", step);
  if (step === undefined && (!Number.isInteger(lo) || !Number.isInteger(hi)))
    throw new UserError(
      `--parameter-scan ${name}: MIN and MAX must be whole numbers unless --parameter-step-size is given`,
    );
  if (by <= 0) throw new UserError(`--parameter-step-size must be positive, got ${JSON.stringify(step)}`);
  if (hi < lo) throw new UserError(`--parameter-scan ${name}: MAX (${max}) is below MIN (${min})`);
  const count = Math.floor((hi - lo) / by + 1e-9) + 1;
  if (count > MAX_VALUES)
    throw new UserError(`--parameter-scan ${name}: ${count} values; at most ${MAX_VALUES} (raise the step size)`);
  const decimals = (step?.split(".")[1]?.length ?? 0) || (min.split(".")[1]?.length ?? 0);
  return { name, values: Array.from({ length: count }, (_, i) => (lo + i * by).toFixed(decimals)) };
}

export function listValues(name: string, list: string): Parameter {
  checkName(name);
  const values = list.split(",");
  if (values.some((v) => v === ""))
    throw new UserError(`--parameter-list ${name}: an empty value in ${JSON.stringify(list)}`);
  if (values.length > MAX_VALUES) throw new UserError(`--parameter-list ${name}: at most ${MAX_VALUES} values`);
  return { name, values };
}

/** Every combination, first parameter slowest (as nested loops). */
export function combinations(parameters: readonly Parameter[]): Array<Record<string, string>> {
  let out: Array<Record<string, string>> = [{}];
  for (const p of parameters) out = out.flatMap((combo) => p.values.map((v) => ({ ...combo, [p.name]: v })));
  return out;
}

/** Replaces each {NAME} of the combination in text. */
export function substitute(text: string, combo: Readonly<Record<string, string>>): string {
  return text.replace(/\{([A-Za-z_][A-Za-z0-9_-]*)\}/g, (whole, name: string) => combo[name] ?? whole);
}

/** "memsize=128 smp=2": a variant's name from its combination. */
export function comboName(combo: Readonly<Record<string, string>>): string {
  return Object.entries(combo)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}
