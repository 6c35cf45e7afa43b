import { describe, expect, it } from "vitest";
import { rounds, suiteRecord } from "../../core/claims/fixtures.ts";
import type { CslEntry } from "../paper/bibliography.ts";
import { talkClaims } from "./claims.ts";
import { parseTalk } from "./parse.ts";

const story = suiteRecord({ baseline: rounds(3000), quiet: rounds(2600), nic: rounds(2600, 12, -1) });
const bibliography: CslEntry[] = [
  {
    id: "jones2016blog",
    type: "post-weblog",
    title: "Getting the libguestfs appliance boot time down to 1.2s",
    author: [{ family: "Jones", given: "Richard W. M." }],
    issued: { "date-parts": [[2016, 3, 21]] },
    custom: { supports: ["1.2 s"] },
  },
];

const SCRIPT = [
  "  SLIDE: Quiet",
  "  > big: :verdict{suite=story variant=quiet baseline=previous form=short} | :stat{suite=story variant=quiet baseline=previous field=saving}",
  "",
  "The quiet kernel :verdict{suite=story variant=quiet baseline=previous tense=past},",
  "and the largest resolved step is :rank[none of them]{suite=story among=steps}.",
  "In 2016 it came down to 1.2 seconds [@jones2016blog]. Here we saved fifty",
  "milliseconds.",
  "",
  "  SLIDE: The NIC",
  "  > bullets:",
  "  > - :when[the NIC mattered]{suite=story variant=nic baseline=previous verdict=saves}:otherwise[the NIC did not matter]",
  "",
  "Without it the boot",
  ":verdict{suite=story variant=nic baseline=previous}.",
  ":assert[the NIC saves]{suite=story variant=nic baseline=previous verdict=saves}",
].join("\n");

async function claims(assertions?: "warn") {
  const before = process.env.BOOT_TALK_CLAIMS;
  if (assertions) process.env.BOOT_TALK_CLAIMS = assertions;
  else delete process.env.BOOT_TALK_CLAIMS;
  try {
    const talk = parseTalk(SCRIPT, "talk.txt");
    return {
      talk,
      claims: await talkClaims(SCRIPT, talk, { root: ".", records: [story], bibliography, print: false }),
    };
  } finally {
    if (before === undefined) delete process.env.BOOT_TALK_CLAIMS;
    else process.env.BOOT_TALK_CLAIMS = before;
  }
}

describe("the talk's claims host", () => {
  it("says claims in notes, big values and bullets, and citations as (Author year)", async () => {
    const { talk, claims: c } = await claims();
    const quiet = c.apply(talk.slides[0]!);
    expect(quiet.visual).toMatchObject({ kind: "big", value: expect.stringMatching(/^saves 40\d\u202Fms$/) });
    expect((quiet.visual as { caption: string }).caption).toMatch(/^40\d\u202Fms \(95% CI/);
    expect(quiet.notes[0]).toMatchObject({
      kind: "para",
      text: expect.stringMatching(
        /^The quiet kernel saved 40\d\u202Fms \(95% CI .*\), and the largest resolved step is quiet\. In 2016 it came down to 1\.2 seconds \(Jones 2016\)\. Here/,
      ),
    });
  });

  it("fails the slide at the line of an assertion the data contradicts, naming the run and numbers", async () => {
    const { talk, claims: c } = await claims();
    expect(() => c.apply(talk.slides[1]!)).toThrow(
      /^talk\.txt:15: :assert\[the NIC saves\]\{.*\}: assertion failed \("the NIC saves"\): run 2026-11-25T120000Z-story-aaaaaa: nic makes no measurable difference after quiet[\s\S]*hint: .*BOOT_TALK_CLAIMS=warn/,
    );
  });

  it("in a draft, warns and says the slide", async () => {
    const { talk, claims: c } = await claims("warn");
    const nic = c.apply(talk.slides[1]!);
    expect(nic.visual).toMatchObject({ kind: "bullets", items: [{ text: "the NIC did not matter" }] });
    expect(c.report.assertions).toEqual({
      held: 0,
      failed: [expect.stringMatching(/nic makes no measurable difference/)],
    });
  });

  it("reports the linter's findings as data, at their lines", async () => {
    const { claims: c } = await claims("warn");
    // The big value's bare saving is fine: its caption gives the interval of the same comparison.
    expect(c.report.findings.map((f) => `${f.line} ${f.rule} ${f.message}`)).toEqual([
      '6 unbound "fifty milliseconds" is neither bound to the runs nor cited',
    ]);
    expect(c.report.counts).toMatchObject({
      bound: 1,
      verdicts: 3,
      rankings: 1,
      conditionals: 1,
      assertions: 1,
      cited: 1,
      unbound: 1,
    });
  });

  it("knows which runs each slide's big value, bullets and notes were drawn from, but not its condition statements", async () => {
    const other = suiteRecord(
      { baseline: rounds(3000), quiet: rounds(2600) },
      { id: "2026-11-25T140000Z-boot-cccccc", suite: "boot" },
    );
    const script = [
      "  SLIDE: Big",
      "  > big: :stat{suite=story variant=quiet field=median} | quiet",
      "  SLIDE: Bullets",
      "  > bullets:",
      "  > - :stat{suite=boot variant=quiet field=median}",
      "  SLIDE: Notes",
      "",
      "Both: :stat{suite=story variant=quiet field=median} and :stat{suite=boot variant=quiet field=median}.",
      "  SLIDE: Conditions",
      "",
      ":conditions{what=accelerator}. :when[All TCG.]{accelerator=tcg}:otherwise[Mixed.]",
    ].join("\n");
    const talk = parseTalk(script, "talk.txt");
    const c = await talkClaims(script, talk, { root: ".", records: [story, other], bibliography, print: false });
    expect(talk.slides.map((s) => c.runsOf(s.index))).toEqual([[story.id], [other.id], [story.id, other.id], []]);
  });
});
