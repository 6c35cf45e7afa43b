/** Turning an analysis result into the AnalysisRecord the site reads. Pure. */
import type { AnalysisRecord } from "../records/schema.ts";
import type { AnalysisResult } from "./analyze-log.ts";
import type { EventsHeader } from "./events.ts";
import { LINE_TIMESTAMPS } from "./lines.ts";

export interface RecordInputs {
  id: string;
  header: EventsHeader;
  result: AnalysisResult;
  rules: { name: string; file: string; sha256: string };
  eventsFile: string;
  status: "complete" | "partial";
}

export function buildRecord(input: RecordInputs): AnalysisRecord {
  const { header, result } = input;
  return {
    schema: "boot-talk/analysis@1",
    id: input.id,
    status: input.status,
    createdAt: header.createdAt,
    tool: header.tool as AnalysisRecord["tool"],
    host: header.host as AnalysisRecord["host"],
    qemu: (header.qemu ?? null) as AnalysisRecord["qemu"],
    accelerator: header.accelerator,
    target: {
      kind: header.target.kind as AnalysisRecord["target"]["kind"],
      argv: header.target.argv,
      appliance: (header.target.appliance ?? null) as AnalysisRecord["target"]["appliance"],
      about: header.target.about,
    },
    rules: input.rules,
    lineTimestamps: LINE_TIMESTAMPS,
    passResults: result.passes.map((p) => ({
      pass: p.pass,
      status: p.status,
      wallMs: p.wallMs,
      lines: p.lines,
      failure: p.failure,
      damage: p.damage,
    })),
    passes: result.passes.length,
    warmup: header.warmup,
    eventsFile: input.eventsFile,
    run: result.run,
    activities: result.activities,
    clockAlignment: result.clockAlignment,
    observerCost: result.observerCost,
    warnings: result.warnings,
  };
}
