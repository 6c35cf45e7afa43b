import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { contentCache } from "../cache.ts";
import { resetDigestMemos, saveDigests } from "../file-digest.ts";
import { runsDir } from "../paths.ts";
import { checkRecordFile, checkRecords, loadRuns, RecordsError } from "./load.ts";
import { legacyComparisons } from "./legacy.ts";
import type { BenchmarkRecord, LegacyBenchmarkRecord } from "./schema.ts";
import { loadRecords } from "./store.ts";
import { firstDifference, requestedAccelerators, verifyBenchmark } from "./verify.ts";
import { analyzeLog } from "../analysis/analyze-log.ts";
import { parseEventLog } from "../analysis/events.ts";
import { parseRuleSet } from "../analysis/rules.ts";
import { sha256 } from "../hash.ts";

const STORY = "2026-11-25T195617Z-story-0ad8b5";
const ANALYSIS = "2026-11-25T195743Z-analysis-appliance-5c025e";
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A folder holding a copy of one committed record (and its events file), edited. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits reach into any field of the JSON
function tampered(id: string, edit: (record: any) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "bt-tampered-"));
  temporary.push(dir);
  for (const name of [`${id}.json`, `${id}.events.jsonl`])
    if (existsSync(join(runsDir(), name))) cpSync(join(runsDir(), name), join(dir, name));
  const file = join(dir, `${id}.json`);
  const record = JSON.parse(readFileSync(file, "utf8"));
  edit(record);
  writeFileSync(file, JSON.stringify(record, null, 2));
  return dir;
}

async function committed(): Promise<LegacyBenchmarkRecord> {
  const record = (await loadRecords()).find((r) => r.id === STORY);
  if (record?.schema !== "boot-talk/benchmark@1") throw new Error(`${STORY} is not a benchmark@1 record`);
  return record;
}

describe("the committed records", () => {
  it("all verify: summaries, comparisons and warnings from the samples, analyses from their events", async () => {
    const checked = await checkRecords(undefined, { cache: null });
    expect(checked.length).toBeGreaterThanOrEqual(10);
    for (const c of checked) expect(c.problems, c.file).toEqual([]);
  });

  it("recompute their stored @1 comparisons exactly with the legacy computation", async () => {
    const record = await committed();
    const { derived } = verifyBenchmark(record);
    const again = legacyComparisons(derived.variants, "marker", true, record.options.seed, record.options.resamples);
    expect(again.stepComparisons).toEqual(record.stepComparisons);
    expect(again.comparisons).toEqual(record.comparisons);
  });
});

describe("tampered records fail, naming the file, the field and the fix", () => {
  it("a sample of 1e308 ms", async () => {
    const dir = tampered(STORY, (r) => (r.variants[2].samples[5].markerMs = 1e308));
    const error = await loadRuns(dir, { cache: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordsError);
    const message = (error as Error).message;
    expect(message).toContain(`${STORY}.json: field variants[2].samples[5].markerMs: 1e+308 ms`);
    expect(message).toMatch(/field variants\[2\]\.summary\.marker\.\w+: stored [\d.]+, but the raw samples give/);
    expect(message).toMatch(/fix: records are written by npm run bench/);
  });

  it("a boot without its ready marker, while a suite's command variant needs none", async () => {
    // vs-libguestfs: variant 0 is guestfish (a command, no marker), variant 1 a boot.
    const run = "2026-12-01T115301Z-vs-libguestfs-5db952";
    expect((await checkRecordFile(join(runsDir(), `${run}.json`), { cache: null })).problems).toEqual([]);
    const dir = tampered(run, (r) => {
      const timed = r.variants[1].samples.findIndex((s: { warmup: boolean }) => !s.warmup);
      r.variants[1].samples[timed].markerMs = null;
    });
    const { problems } = await checkRecordFile(join(dir, `${run}.json`), { cache: null });
    expect(problems).toContainEqual(
      expect.objectContaining({
        field: expect.stringMatching(/^variants\[1\]\.samples\[\d+\]\.markerMs$/),
        message: "a successful boot must have seen the ready marker",
      }),
    );
    expect(problems.filter((p) => p.field.startsWith("variants[0].samples"))).toEqual([]);
  });

  it("a stored median edited to 99 ms", async () => {
    const dir = tampered(STORY, (r) => (r.variants[0].summary.marker.median = 99));
    const { problems } = await checkRecordFile(join(dir, `${STORY}.json`), { cache: null });
    expect(problems).toEqual([
      expect.objectContaining({
        field: "variants[0].summary.marker.median",
        message: expect.stringMatching(/^stored 99, but the raw samples give 3\d{3}(\.\d+)?$/),
      }),
    ]);
  });

  it("an analysis whose run.meanMs is −1", async () => {
    const dir = tampered(ANALYSIS, (r) => (r.run.meanMs = -1));
    const error = await loadRuns(dir, { cache: null }).catch((e: unknown) => e);
    const message = (error as Error).message;
    expect(message).toContain(`${ANALYSIS}.json: field run.meanMs: -1 ms is negative`);
    expect(message).toMatch(/field run\.meanMs: stored -1, but the events file's pass times give 39\d\d/);
  });

  it("an analysis whose activity no longer matches its events file", async () => {
    // A record as today's analysis writes it (current rules, lines by newline), then edited.
    const rulesText = readFileSync(join(runsDir(), "../rules/appliance.json"), "utf8");
    const events = parseEventLog(readFileSync(join(runsDir(), `${ANALYSIS}.events.jsonl`), "utf8"), ANALYSIS);
    const again = analyzeLog(events, parseRuleSet(rulesText, "appliance.json"));
    const dir = tampered(ANALYSIS, (r) => {
      Object.assign(r, {
        lineTimestamps: "first-byte",
        activities: again.activities,
        clockAlignment: again.clockAlignment,
        warnings: again.warnings,
      });
      r.rules.sha256 = sha256(rulesText);
      r.activities[3].durationMs += 50;
      r.activities[3].passes.forEach((p: { durationMs: number }) => (p.durationMs += 50));
    });
    const { problems } = await checkRecordFile(join(dir, `${ANALYSIS}.json`), { cache: null });
    expect(problems.find((p) => p.field === "activities[3].durationMs")?.message).toMatch(
      /but re-analysing the events file with the recorded rules gives \d/,
    );
  });

  it("an analysis without its events file", async () => {
    const dir = tampered(ANALYSIS, () => {});
    rmSync(join(dir, `${ANALYSIS}.events.jsonl`));
    const { problems } = await checkRecordFile(join(dir, `${ANALYSIS}.json`), { cache: null });
    expect(problems).toEqual([
      expect.objectContaining({
        field: "eventsFile",
        message: expect.stringMatching(/cannot be read \(no such file\)/),
      }),
    ]);
  });
});

describe("cached derivations", () => {
  const scratchCache = () => {
    const root = mkdtempSync(join(tmpdir(), "bt-derived-cache-"));
    temporary.push(root);
    return contentCache("derived-records", root);
  };

  it("serve the same view as deriving, and never stand in for bytes that changed since", async () => {
    const cache = scratchCache();
    const dir = tampered(STORY, () => {});
    const file = join(dir, `${STORY}.json`);
    const uncached = await checkRecordFile(file, { cache: null });
    expect((await checkRecordFile(file, { cache })).record).toEqual(uncached.record); // derives, stores
    expect((await checkRecordFile(file, { cache })).record).toEqual(uncached.record); // served
    const record = JSON.parse(readFileSync(file, "utf8"));
    record.variants[0].summary.marker.median = 99;
    writeFileSync(file, JSON.stringify(record, null, 2));
    const { problems } = await checkRecordFile(file, { cache });
    expect(problems.map((p) => p.field)).toEqual(["variants[0].summary.marker.median"]);
  });

  it("found by remembered digests still never stand in for a record edited in place", async () => {
    const cache = scratchCache();
    const dir = tampered(STORY, () => {});
    const file = join(dir, `${STORY}.json`);
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(file, hourAgo, hourAgo); // old enough for its digest to be remembered
    const derived = await checkRecordFile(file, { cache });
    expect(derived.problems).toEqual([]);
    saveDigests(dirname(cache.dir));
    resetDigestMemos(); // the next build
    expect(await checkRecordFile(file, { cache })).toEqual(derived);
    // The same length and modification time: only the change time tells the bytes differ.
    const text = readFileSync(file, "utf8");
    const median = /"median": (\d)/.exec(text)!;
    writeFileSync(file, text.replace(median[0], `"median": ${(Number(median[1]) + 1) % 10}`));
    utimesSync(file, hourAgo, hourAgo);
    expect((await checkRecordFile(file, { cache })).problems).not.toEqual([]);
  });

  it("of an analysis are keyed by its events file too", async () => {
    const cache = scratchCache();
    const dir = tampered(ANALYSIS, () => {});
    const file = join(dir, `${ANALYSIS}.json`);
    const first = await checkRecordFile(file, { cache });
    expect(first.problems).toEqual([]);
    expect(await checkRecordFile(file, { cache })).toEqual(first);
    rmSync(join(dir, `${ANALYSIS}.events.jsonl`));
    expect((await checkRecordFile(file, { cache })).problems.map((p) => p.field)).toEqual(["eventsFile"]);
  });
});

describe("verification of one benchmark record", () => {
  const edit = async (change: (r: LegacyBenchmarkRecord) => void) => {
    const record = structuredClone(await committed());
    change(record);
    return verifyBenchmark(record).problems;
  };

  it("rejects provenance that contradicts itself", async () => {
    const kvm = await edit((r) => (r.accelerator = "kvm"));
    expect(kvm.map((p) => p.field)).toEqual(expect.arrayContaining(["accelerator", "variants[0].argv", "warnings[0]"]));
    expect(kvm.find((p) => p.field === "accelerator")?.message).toMatch(/acceleratorReason says .*no vmx/);
    expect(kvm.find((p) => p.field === "variants[0].argv")?.message).toMatch(
      /accel=tcg, but the record's accelerator is "kvm" \(and so were 6 more variants\)/,
    );
    expect(requestedAccelerators(["-machine", "pc,accel=kvm:tcg", "-accel", "hvf"])).toEqual(["kvm", "tcg", "hvf"]);
  });

  it("rejects impossible samples, dates and rounds", async () => {
    const problems = await edit((r) => {
      r.createdAt = "yesterday";
      r.variants[1]!.samples[4]!.failure = "timeout";
      r.variants[1]!.samples[6]!.wallMs = Number.NaN;
      [r.variants[0]!.samples[5]!.sequence, r.variants[3]!.samples[9]!.sequence] = [
        r.variants[3]!.samples[9]!.sequence,
        r.variants[0]!.samples[5]!.sequence,
      ];
    });
    const fields = problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "createdAt",
        "variants[1].samples[4].failure",
        "variants[1].samples[6].wallMs",
        "variants[0].samples[5].sequence",
        "variants[3].samples[9].sequence",
      ]),
    );
    expect(problems.find((p) => p.field === "variants[0].samples[5].sequence")?.message).toMatch(
      /outside its round .* cannot be paired by round/,
    );
  });

  it("rejects a warning that was not computed, and notices one that is missing", async () => {
    const problems = await edit((r) => (r.warnings[1] = "all good"));
    expect(problems.map((p) => p.field)).toEqual(["warnings[1]", "warnings"]);
  });

  it("accepts the derivation of a record as a benchmark@2 record of its own", async () => {
    const { derived } = verifyBenchmark(await committed());
    const again = verifyBenchmark(derived as BenchmarkRecord);
    expect(again.problems).toEqual([]);
    expect(again.derived).toEqual(derived);
  });
});

describe("firstDifference", () => {
  it("finds the path of the first differing leaf", () => {
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toEqual({
      path: ["a", 1, "b"],
      stored: 2,
      expected: 3,
    });
    expect(firstDifference([1, 2], [1, 2])).toBeNull();
  });
});
