/**
 * Turns a bench journal (scripts/bench/journal.ts) into the record the run could not write:
 *   npx node scripts/bench/recover.ts RECORD.journal.jsonl [--out PATH.json]
 * The record is marked partial (it was not finalised by the run) and the journal is removed
 * once the record is written. Errors name the journal and the line.
 */
import { readFile, rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { runMain, UserError } from "../../core/errors.ts";
import type { SampleRecord } from "../../core/records/schema.ts";
import { writeRecord } from "../../core/records/store.ts";
import { JOURNAL_SCHEMA, type JournalHeader } from "./journal.ts";
import { buildRecord } from "./record.ts";

await runMain(async () => {
  const { values, positionals } = parseArgs({ options: { out: { type: "string" } }, allowPositionals: true });
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new UserError("usage: npx node scripts/bench/recover.ts RECORD.journal.jsonl [--out PATH.json]");
  const text = await readFile(file, "utf8").catch(() => {
    throw new UserError(`cannot read the journal ${file}`);
  });
  const rows = text.split("\n").filter((line, i, all) => line !== "" || i < all.length - 1);
  let header: (JournalHeader & { type: string; schema: string }) | null = null;
  const samples: SampleRecord[][] = [];
  rows.forEach((row, i) => {
    let json: { type?: string; schema?: string; variant?: number; sample?: SampleRecord };
    try {
      json = JSON.parse(row);
    } catch {
      // A run killed mid-write leaves a cut last line: everything before it is kept.
      if (i === rows.length - 1) return;
      throw new UserError(`${file}:${i + 1}: not valid JSON`);
    }
    if (i === 0) {
      if (json.type !== "header" || json.schema !== JOURNAL_SCHEMA)
        throw new UserError(`${file}:1: not a boot-talk bench journal`);
      header = json as JournalHeader & { type: string; schema: string };
      return;
    }
    if (json.type !== "sample" || typeof json.variant !== "number" || !json.sample)
      throw new UserError(`${file}:${i + 1}: not a journal sample line`);
    (samples[json.variant] ??= []).push(json.sample);
  });
  const h = header as (JournalHeader & { type: string; schema: string }) | null;
  if (!h) throw new UserError(`${file}: empty journal`);
  const { recordPath, type: _type, schema: _schema, ...inputs } = h;
  const record = buildRecord({
    ...inputs,
    createdAt: new Date().toISOString(),
    status: "partial",
    variants: h.variants.map((v, i) => ({ ...v, samples: samples[i] ?? [] })),
  });
  const path = await writeRecord(record, values.out ?? recordPath);
  await rm(file);
  process.stderr.write(`record written to ${path} (${samples.flat().length} samples from ${file})\n`);
  return 0;
});
