import { describe, expect, it } from "vitest";
import { DEFAULT_RUN_CHOICE } from "../records/choice.ts";
import { affectedBy, formatChanges } from "./affected.ts";
import { analysisFixture, rounds, suiteRecord } from "./fixtures.ts";
import { documentRuns, referencesIn } from "./usage.ts";

const GATE = { ...DEFAULT_RUN_CHOICE, minimumTimedBoots: 1 };
const old = suiteRecord({ baseline: rounds(3000), quiet: rounds(2500) });
const newer = suiteRecord(
  { baseline: rounds(3000), quiet: rounds(3000, 12, 3) },
  { id: "2026-11-26T120000Z-story-dddddd", createdAt: "2026-11-26T12:00:00.000Z" },
);
const talk = [
  "  SLIDE: Quiet",
  "  > chart: savings suite=story",
  "",
  "Quiet :verdict{suite=story variant=quiet}. :assert{suite=story variant=quiet verdict=saves}",
  "",
  "  SLIDE: Timeline",
  "  > chart: boot-timeline",
  "  > code: sh",
  "  > echo :stat{field=never-read}",
  "",
  "The kernel takes :stat{analysis=latest activity=kernel field=duration}.",
].join("\n");
const paper =
  "Quiet :when[helps]{suite=story variant=quiet verdict=saves}:otherwise[does not help].\n\n::figure{chart=samples run=latest}\n";
const documents = [
  { file: "talk.txt", text: talk, format: "talk" as const },
  { file: "paper.md", text: paper, format: "paper" as const },
];

describe("what a new record changes on the next build", () => {
  it("finds the figures and claims of both documents, not the code", () => {
    expect(referencesIn(documents[0]!).map((r) => [r.line, r.kind, r.what.slice(0, 20)])).toEqual([
      [2, "figure", "> chart: savings sui"],
      [7, "figure", "> chart: boot-timeli"],
      [4, "claim", ":verdict{suite=story"],
      [4, "claim", ":assert{suite=story "],
      [11, "claim", ":stat{analysis=lates"],
    ]);
    expect(documentRuns(documents, [old, analysisFixture()], GATE).sort()).toEqual(
      [old.id, analysisFixture().id].sort(),
    );
  });

  it("lists every figure whose run changes and every claim whose text changes, with an assertion that will fail", () => {
    const changes = affectedBy({
      before: [old, analysisFixture()],
      after: [old, newer, analysisFixture()],
      documents,
      choice: GATE,
    });
    expect(changes.map((c) => `${c.file}:${c.line} ${c.kind}`)).toEqual([
      "talk.txt:2 figure",
      "talk.txt:4 claim",
      "talk.txt:4 claim",
      "paper.md:1 claim",
      "paper.md:3 figure",
    ]);
    expect(changes[0]).toMatchObject({ before: `run ${old.id}`, after: `run ${newer.id}` });
    expect(changes[1]!.before).toMatch(/^saves 500/);
    expect(changes[1]!.after).toMatch(/^makes no measurable difference/);
    expect(changes[2]!.after).toMatch(
      /^the build stops: assertion failed: run 2026-11-26T120000Z-story-dddddd: quiet makes no measurable difference/,
    );
    expect(changes[3]).toMatchObject({ before: "helps", after: "does not help" });
    expect(formatChanges(changes, newer.id)).toMatch(
      /^On the next build, run .*dddddd changes 5 places in the talk and the paper:\n {2}talk\.txt:2: > chart: savings suite=story\n {6}was: run/,
    );
  });

  it("says so when nothing changes", () => {
    const analysis = analysisFixture("2026-11-20T130000Z-analysis-appliance-eeeeee");
    const changes = affectedBy({
      before: [old, analysisFixture()],
      after: [old, analysisFixture(), analysis],
      documents,
      choice: GATE,
    });
    expect(changes).toEqual([]); // an older analysis is not chosen
    expect(formatChanges(changes, analysis.id)).toMatch(/changes no figure, number or claim/);
  });
});
