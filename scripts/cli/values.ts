/**
 * Validating option values, once for every command: whole numbers within bounds, durations in
 * one unit (seconds unless suffixed), one of a set. Each error names the option, what it got
 * and what it takes.
 */
import { UserError } from "../../core/errors.ts";

/** setTimeout's limit: a longer timer fires at once (Node clamps it to 1 ms). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function integer(option: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max)
    throw new UserError(`--${option} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * A duration: "90" or "90s" (seconds, as hyperfine), "500ms", "2m"; fractions allowed.
 * Returns whole milliseconds, at least 1 and at most MAX_TIMEOUT_MS.
 */
export function duration(option: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m)?$/.exec(raw.trim());
  const scale = { ms: 1, s: 1000, m: 60_000 } as const;
  const ms = match ? Math.round(Number(match[1]) * scale[(match[2] ?? "s") as keyof typeof scale]) : NaN;
  if (!Number.isFinite(ms) || ms < 1 || ms > MAX_TIMEOUT_MS)
    throw new UserError(
      `--${option} must be a duration from 1ms to ${Math.floor(MAX_TIMEOUT_MS / 1000)}s, in seconds ("90", "90s") or with a unit ("500ms", "2m"), got ${JSON.stringify(raw)}`,
    );
  return ms;
}

export function oneOf<T extends string>(option: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw))
    throw new UserError(`--${option} must be one of ${allowed.join(", ")}, got ${JSON.stringify(raw)}`);
  return raw as T;
}
