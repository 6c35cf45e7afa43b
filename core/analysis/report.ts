/**
 * The text report `npm run analyze` prints on stdout: the run's facts, the original's
 * timeline, and what boot-talk adds (clock alignment, cost of observing). Built only from the
 * events header and the analysis, so re-analysing a saved log prints the same bytes. Pure.
 */
import type { AnalysisRecord } from "../records/schema.ts";
import { observerSentence } from "../format/comparison.ts";
import type { PassSummary } from "./analyze-log.ts";
import { renderTimelineText } from "../format/timeline-text.ts";

export function renderReport(
  record: AnalysisRecord,
  passes: readonly PassSummary[],
  options: { colour?: boolean } = {},
): string {
  const out: string[] = [];
  out.push(
    `Analysis of ${record.target.kind === "exec" ? "a command" : "the appliance"} with the "${record.rules.name}" rules: ${record.passes} pass(es) after ${record.warmup} warm-up(s).`,
  );
  for (const p of passes) {
    out.push(
      `    pass ${p.pass}: ${p.events} events, ${p.lines} lines in ${p.wallMs.toFixed(1)} ms${p.failure ? ` (${p.failure})` : ""}${p.status === "damaged" ? " DAMAGED: console bytes lost" : ""}`,
    );
  }
  const facts: Array<[string, string]> = [
    ["command", record.target.argv.join(" ")],
    ["host CPU", `${record.host.cpuModel} (${record.host.cores} cores)`],
    ["host kernel", record.host.kernel],
    ["qemu", record.qemu ? `${record.qemu.path} ${record.qemu.version}` : "(not known)"],
    ...Object.entries(record.target.about).map(([k, v]): [string, string] => [k, v]),
    ["accelerator", record.accelerator ?? "(n/a)"],
    ["run", `${record.run.meanMs.toFixed(1)}ms ±${record.run.sdMs.toFixed(1)}ms (spawn → exit)`],
  ];
  out.push("", ...facts.map(([k, v]) => `${k.padStart(12)}: ${v}`), "");
  out.push(renderTimelineText(record, options).trimEnd());
  if (record.clockAlignment) {
    const c = record.clockAlignment;
    out.push(
      "",
      "Clock alignment (guest printk clock → host clock):",
      `    host = guest + ${c.offsetMs.toFixed(1)} ms, fitted from ${c.lines} lines; median console lag ${c.residualMs.toFixed(1)} ms`,
      `    the printk clock starts ${c.kernelEntryMs.toFixed(1)} ms after ${record.target.kind === "exec" ? "the command" : "QEMU"} was spawned; printk cannot see what ran before it:`,
      ...invisible(record, c.kernelEntryMs).map(
        (a) => `      ${a.name} ${a.durationMs.toFixed(1)}ms ±${a.sdMs.toFixed(1)}ms`,
      ),
    );
  }
  if (record.observerCost) {
    const o = record.observerCost;
    out.push(
      "",
      "Cost of observing:",
      `    means: analysis mode ${o.analysisMs.toFixed(1)} ms vs quiet boot ${o.quietMs.toFixed(1)} ms, a difference of ${o.costMs.toFixed(1)} ms`,
      ...(o.paired ? [`    paired: ${observerSentence(o.paired)}`] : []),
    );
  }
  if (record.warnings.length) out.push("", "Warnings:", ...record.warnings.map((w) => `    ${w}`));
  return out.join("\n") + "\n";
}

/**
 * The activities that ended before guest time 0 (1 ms tolerance), without those nested in
 * another listed one, so they add up: what only the host clock can see.
 */
function invisible(record: AnalysisRecord, kernelEntryMs: number): AnalysisRecord["activities"] {
  const before = record.activities.filter(
    (a) => a.kind !== "long" && a.kind !== "initcall" && a.startMs + a.durationMs <= kernelEntryMs + 1,
  );
  const names = new Set(before.map((a) => a.name));
  return before.filter((a) => a.parent === null || !names.has(a.parent));
}
