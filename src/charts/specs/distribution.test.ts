/**
 * The distribution chart draws each variant's box from the derived summary (the quartiles,
 * median and extremes the tables and prose quote), not from a statistic Vega computes itself.
 */
import { describe, expect, it } from "vitest";
import { isBenchmark } from "../../../core/records/select.ts";
import { FIXTURE_RUNS_DIR, FIXTURE_SUITE, fixtureRecords } from "../fixtures/generate.ts";
import { distribution } from "./distribution.ts";

type Layer = { mark?: unknown; data?: { values: Record<string, unknown>[] }; layer?: Layer[]; transform?: unknown };

describe("distribution spec", () => {
  it("boxes are the summaries' min, quartiles, median and max; Vega aggregates nothing", () => {
    const records = fixtureRecords();
    for (const target of ["paper", "deck"] as const) {
      const built = distribution({ records, target, params: { suite: FIXTURE_SUITE }, runsDir: FIXTURE_RUNS_DIR });
      const record = built.used[0]!;
      if (!isBenchmark(record)) throw new Error("the distribution chart draws a benchmark run");
      const layers = (built.spec as { layer: Layer[] }).layer;
      const boxes = layers.find((l) => l.data)!.data!.values;
      const metric = built.table.columns[1]!.split(" ")[0]!;
      expect(boxes).toEqual(
        record.variants.map((v) => {
          const d = v.summary[metric]!;
          return { variant: v.name, min: d.min, p25: d.p25, median: d.median, p75: d.p75, max: d.max };
        }),
      );
      const json = JSON.stringify(built.spec);
      expect(json).not.toMatch(/"boxplot"|"aggregate"|"transform"/);
    }
  });
});
