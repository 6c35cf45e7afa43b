/**
 * The text report, in the spirit of the original boot-benchmark: a test-info block (what ran,
 * and how to change each setting), then `Result: X.Xms ±Y.Yms` per variant — now with a
 * correct sample standard deviation — then the robust statistics hyperfine-style, warnings,
 * and for suites the savings: paired by round (the verdict and its sentence, rendered from the
 * numbers by core/format/comparison.ts) with the unpaired difference of medians under each.
 * Built from the record alone (no colour), so the paper can show any recorded run exactly as
 * the terminal did.
 */
import type { BenchmarkRecord, ComparisonRecord, SummaryStats, VariantRecord } from "../records/schema.ts";
import { METRIC_LABEL, type Metric } from "../records/metrics.ts";
import { comparisonSentence, unpairedSentence } from "./comparison.ts";
import { formatFixedMs as ms } from "./numbers.ts";

/** One test-info line: label right-aligned to 12 columns, value padded to 20, then the hint. */
function infoLine(label: string, value: string | number, hint = ""): string {
  const padded = String(value).padEnd(20);
  return `${label.padStart(12)}: ${hint ? `${padded} [${hint}]` : String(value)}`;
}

function config(variant: VariantRecord | undefined, key: string): string {
  const value = variant?.config[key];
  if (value === undefined || value === null) return "default";
  return Array.isArray(value) ? value.join(" ") : String(value);
}

function testInfo(record: BenchmarkRecord): string[] {
  const first = record.variants[0];
  const exec = record.options.exec;
  const o = record.options;
  const lines = [
    infoLine(
      "test version",
      `${record.tool.name} ${record.tool.version} (${record.tool.commit?.slice(0, 10) ?? "no git"}${record.tool.dirty ? ", dirty" : ""})`,
    ),
    infoLine("test passes", `${o.warmup} warm-up + ${o.runs} timed`, "to change use --warmup / --runs"),
    infoLine("host version", record.host.kernel),
    infoLine("host CPU", `${record.host.cpuModel} (${record.host.cores} cores)`),
  ];
  if (record.hostLoad) {
    const f = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
    lines.push(
      infoLine("host load", `${f(record.hostLoad.start)} → ${f(record.hostLoad.end)}`, "run on a quiet machine"),
    );
  }
  if (exec && (o.commands?.length ?? 1) > 1) {
    lines.push(infoLine("commands", `${o.commands!.length}, one variant each`, "no shell; --exec 'CMD' 'CMD2'"));
  } else if (exec) {
    lines.push(infoLine("command", exec.join(" "), "no shell; to change edit the words after --"));
  } else {
    const accelHint =
      record.acceleratorReason && record.acceleratorReason !== "requested" ? record.acceleratorReason : "detected";
    lines.push(
      infoLine("accelerator", record.accelerator ?? "none", accelHint),
      infoLine("qemu", record.qemu?.path ?? "none", "to change set $BOOT_TALK_QEMU"),
      infoLine("qemu version", record.qemu?.version ?? "none"),
      infoLine("smp", config(first, "smp"), "to change use --smp option"),
      infoLine("memsize", `${config(first, "memoryMiB")} MiB`, "to change use --memsize option"),
      infoLine("append", config(first, "append") || "(none)", "to change use --append option"),
      infoLine("kernel", config(first, "kernel"), "to change use --kernel option"),
    );
  }
  lines.push(infoLine("order", `${o.order}, seed ${o.seed}`, "to change use --order / --seed"));
  if (record.suite)
    lines.push(
      infoLine(
        "suite",
        `${record.suite.name} (${record.variants.length} variants, sha256 ${record.suite.sha256.slice(0, 12)})`,
        "--suite NAME",
      ),
    );
  return lines;
}

function detailLines(summary: SummaryStats, metric: Metric): string[] {
  const s = summary;
  return [
    `    ${METRIC_LABEL[metric]}: median ${ms(s.median)} (95% CI ${ms(s.medianCI95[0])} … ${ms(s.medianCI95[1])}), mean ${ms(s.mean)} ± ${ms(s.sd)}`,
    `      range ${ms(s.min)} … ${ms(s.max)}, p5 ${ms(s.p5)}, p25 ${ms(s.p25)}, p75 ${ms(s.p75)}, p95 ${ms(s.p95)}, MAD ${ms(s.mad)}, CV ${(s.cv * 100).toFixed(1)}%, n = ${s.n}` +
      (s.outliers.length ? `, outliers: ${s.outliers.length}` : ""),
  ];
}

function variantBlock(variant: VariantRecord, record: BenchmarkRecord): string[] {
  const lines: string[] = [];
  const multi = record.variants.length > 1;
  if (multi) lines.push(`${variant.name}${variant.description ? ` — ${variant.description}` : ""}`);
  const wall = variant.summary.wall;
  const indent = multi ? "  " : "";
  const timed = variant.samples.filter((s) => !s.warmup);
  const failed = timed.filter((s) => !s.ok).length;
  if (wall) {
    // Parity: boot-benchmark timed launch + close, i.e. spawn → exit.
    lines.push(`${indent}Result: ${ms(wall.mean)} ±${ms(wall.sd)}`);
  } else {
    lines.push(`${indent}Result: no successful timed run`);
  }
  for (const metric of ["marker", "wall"] as const) {
    const s = variant.summary[metric];
    if (s) lines.push(...detailLines(s, metric).map((l) => indent + l.slice(2)));
  }
  const rusage = timed.filter((t) => t.ok && t.userMs != null);
  if (rusage.length) {
    const meanOf = (f: (t: (typeof rusage)[number]) => number) => rusage.reduce((a, t) => a + f(t), 0) / rusage.length;
    const rss = Math.max(...rusage.map((t) => t.maxRssKiB ?? 0));
    lines.push(
      `${indent}  CPU per run: user ${ms(meanOf((t) => t.userMs!))}, system ${ms(meanOf((t) => t.systemMs ?? 0))} (mean); peak RSS ${(rss / 1024).toFixed(1)} MiB`,
    );
  }
  if (failed) {
    const why = timed.find((t) => !t.ok)!;
    const reason = why.detail?.split("\n")[0];
    lines.push(
      `${indent}  ${failed} of ${timed.length} timed runs failed (${why.failure}${reason ? `: ${reason}` : ""})`,
    );
  }
  return lines;
}

/** The whole report as plain text (lines end with \n). */
export function formatBenchReport(record: BenchmarkRecord): string {
  const out: string[] = [];
  const title = record.suite ? `suite ${record.suite.name}` : record.options.exec ? "command" : "appliance boot";
  out.push(
    `boot-talk benchmark: ${title}, record ${record.id}${record.status === "partial" ? " (PARTIAL: interrupted)" : ""}`,
    "",
  );
  out.push(...testInfo(record), "");
  for (const variant of record.variants) out.push(...variantBlock(variant, record), "");
  const primary = record.primaryMetric;
  const method = "paired by round: median difference, bootstrap CI over rounds, sign-flip p";
  const block = (list: readonly ComparisonRecord[]) =>
    list.flatMap((c) => [`  ${comparisonSentence(c)}`, `      unpaired: ${unpairedSentence(c)}`]);
  const steps = record.stepComparisons;
  const totals = record.comparisons;
  if (steps.length) {
    out.push(`Savings of each step (${METRIC_LABEL[primary]}; ${method}; Holm over the steps):`);
    out.push(...block(steps), "");
  }
  if (totals.length) {
    out.push(
      steps.length
        ? "Total against the baseline (Holm over the totals):"
        : `Against the baseline (${METRIC_LABEL[primary]}; ${method}; Holm over the variants):`,
    );
    out.push(...block(totals), "");
  }
  if (record.warnings.length) {
    out.push("Warnings:");
    out.push(...record.warnings.map((w) => `  ! ${w}`), "");
  }
  return out.join("\n").replace(/\n+$/, "\n");
}
