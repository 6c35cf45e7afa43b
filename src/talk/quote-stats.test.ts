import { describe, expect, it } from "vitest";
import { benchmarkRecord } from "../paper/fixtures/records.ts";
import { parseStatAttributes, quoteStats } from "./quote-stats.ts";

describe("quoteStats", () => {
  const slow = [3000, 3010, 3020, 3030, 3040];
  it("puts the recorded value in place of each token, and follows the data", () => {
    const records = [benchmarkRecord({ baseline: slow, quiet: [2000, 2010, 2020, 2030, 2040] }, { suite: "story" })];
    const text =
      "The baseline takes :stat{suite=story variant=baseline field=median}; quiet :stat{suite=story variant=quiet field=median}.";
    const quoted = quoteStats(text, records, "talk.txt", 7);
    // The run's primary metric, marker (the fixtures' marker is wall − 200).
    expect(quoted).toMatch(/^The baseline takes 2,820\s?ms; quiet 1,820\s?ms\.$/);
    const faster = [benchmarkRecord({ baseline: slow, quiet: [1000, 1010, 1020, 1030, 1040] }, { suite: "story" })];
    expect(quoteStats(text, faster, "talk.txt", 7)).toMatch(/quiet 820\s?ms/);
  });

  it("fails at the script's line with a hint for an unknown variant", () => {
    const records = [benchmarkRecord({ baseline: slow }, { suite: "story" })];
    expect(() => quoteStats(":stat{suite=story variant=nope field=median}", records, "talk.txt", 42)).toThrow(
      /talk\.txt:42: .*nope[\s\S]*hint: .*baseline/,
    );
  });

  it("reads quoted and unquoted attributes", () => {
    expect(parseStatAttributes('suite=story  field="median"')).toEqual({ suite: "story", field: "median" });
  });
});
