import { describe, expect, it } from "vitest";
import { loadRecords } from "./store.ts";
import { verifyRecord } from "./verify.ts";

describe("committed benchmark records", () => {
  it("hold summaries and savings that recompute exactly from their raw samples", async () => {
    const records = (await loadRecords()).filter((r) => r.schema === "boot-talk/benchmark@1");
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(verifyRecord(record), record.id).toEqual([]);
  });

  it("detects a tampered summary", async () => {
    const [record] = (await loadRecords()).filter((r) => r.schema === "boot-talk/benchmark@1");
    if (record?.schema !== "boot-talk/benchmark@1") throw new Error("no benchmark record");
    const tampered = structuredClone(record);
    tampered.variants[0]!.summary[tampered.primaryMetric]!.median += 1;
    expect(verifyRecord(tampered)).toEqual([
      `variants[0] (${record.variants[0]!.name}).summary.${record.primaryMetric}`,
    ]);
  });
});
