/** What every chart builder gets and returns. */
import type { TopLevelSpec } from "vega-lite";
import type { RunRecord } from "../../../core/records/schema.ts";
import type { Target } from "../theme.ts";
import { formatNumber } from "../../../core/format/numbers.ts";

export type Params = Record<string, string | number | undefined>;

export interface ChartInput {
  records: RunRecord[];
  target: Target;
  params: Params;
  /** Folder the records came from, for error messages. */
  runsDir: string;
}

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

export interface ChartBuild {
  spec: TopLevelSpec;
  title: string;
  description: string;
  table: ChartTable;
  /** The records the figure is drawn from. */
  used: RunRecord[];
}

/** Numbers as every view formats them (core/format/numbers.ts: pinned locale, true minus sign). */
export function fmt(value: number, digits = 0): string {
  return formatNumber(value, digits);
}

/** Milliseconds as people say them: "1,234 ms", or "3.48 s" from 10 s up when asked. */
export function ms(value: number, digits = 0): string {
  return `${fmt(value, digits)} ms`;
}
export function seconds(valueMs: number): string {
  return `${fmt(valueMs / 1000, 2)} s`;
}

/** A string parameter with a default; rejects anything not in `allowed` when given. */
export function param(params: Params, name: string, fallback: string, allowed?: readonly string[]): string {
  const raw = params[name];
  const value = raw === undefined || raw === "" ? fallback : String(raw);
  if (allowed && !allowed.includes(value))
    throw new Error(`chart parameter ${name}=${value} is not one of ${allowed.join(", ")}`);
  return value;
}

export function requireParam(params: Params, name: string, chart: string, example: string): string {
  const raw = params[name];
  if (raw === undefined || raw === "")
    throw new Error(`chart "${chart}" needs the parameter ${name} (e.g. params={{ ${name}: "${example}" }})`);
  return String(raw);
}
