import { describe, expect, it } from "vitest";
import { analysisFixture, rounds, suiteRecord } from "../../core/claims/fixtures.ts";
import { DEFAULT_RUN_CHOICE } from "../../core/records/choice.ts";
import type { RunRecord } from "../../core/records/schema.ts";
import type { CslEntry } from "../paper/bibliography.ts";
import { renderPaper } from "../paper/render.ts";

const quiet = rounds(2600);
const story = suiteRecord({ baseline: rounds(3000), quiet, nic: quiet.map((q, i) => q + (i % 2 ? 20 : -20)) });
const BIB: CslEntry[] = [
  { id: "commit", type: "software", title: "quiet", author: [], custom: { supports: ["3.5 s", "2.5 s"] } },
  { id: "blog", type: "post-weblog", title: "1.2s", author: [] },
];
const GATE = { ...DEFAULT_RUN_CHOICE, minimumTimedBoots: 1, minimumAnalysisPasses: 1 };

async function render(markdown: string, records: RunRecord[] = [story, analysisFixture()]) {
  return renderPaper("content/paper/test.md", markdown, {
    records: async () => records,
    bibliography: async () => BIB,
    choice: GATE,
    renderChart: async () => {
      throw new Error("no charts here");
    },
  });
}

describe("claims in the paper", () => {
  it("says verdicts, rankings, chosen sentences and conditions in paragraphs, table cells and captions", async () => {
    const md = [
      ":conditions{what=accelerator}. Quiet :verdict{suite=story variant=quiet baseline=previous}, and",
      ":when[the NIC *also* helped]{suite=story variant=nic baseline=previous verdict=saves}:otherwise[the NIC made no difference (:verdict{suite=story variant=nic baseline=previous form=short})].",
      "",
      "| change | verdict |",
      "| --- | --- |",
      "| quiet | :verdict{suite=story variant=quiet baseline=previous} |",
      "",
      '::figure[The largest resolved step is :rank{suite=story among=steps}.]{src=x.svg alt="x" #fig:x}',
      "",
      "::assert{suite=story variant=quiet baseline=previous verdict=saves}",
      "",
    ].join("\n");
    const { html, paper } = await render(md);
    expect(html).toMatch(
      /<p><span class="claim conditions"[^>]*>The run used TCG, QEMU's software emulator \(no KVM\)<\/span>\. Quiet <span class="claim verdict"[^>]*>saves 40\d\u202Fms \(95% CI/,
    );
    expect(html).toMatch(
      /and\nthe NIC made no difference \(<span class="claim verdict"[^>]*>makes no measurable difference<\/span>\)\./,
    );
    expect(html).not.toMatch(/also/);
    expect(html).toMatch(/<td><span class="claim verdict"[^>]*>saves 40\d/);
    expect(html).toMatch(
      /Figure 1\.<\/span> The largest resolved step is <span class="claim rank"[^>]*>quiet<\/span>\./,
    );
    expect(paper.claims.assertions).toEqual({ held: 1, failed: [] });
    expect(paper.claims.counts).toMatchObject({
      verdicts: 3,
      rankings: 1,
      conditionals: 1,
      conditions: 1,
      assertions: 1,
    });
    expect(paper.citedRuns).toContain(story.id);
  });

  it("lets the data pick whole paragraphs with :::when … :::otherwise containers", async () => {
    const md = [
      ":::when{accelerator=kvm}",
      "With KVM the console is cheap.",
      ":::",
      "",
      ":::otherwise",
      "Without KVM, quiet :verdict{suite=story variant=quiet baseline=previous}.",
      "",
      "A second paragraph.",
      ":::",
      "",
    ].join("\n");
    const { html, paper } = await render(md);
    expect(html).not.toMatch(/With KVM/);
    expect(html).toMatch(
      /<p>Without KVM, quiet <span class="claim verdict"[^>]*>saves 40\d\u202Fms[^<]*<\/span>\.<\/p>\n<p>A second paragraph\.<\/p>/,
    );
    expect(paper.claims.counts).toMatchObject({ conditionals: 1, verdicts: 1 });
  });

  it("fails at the line of an assertion the data contradicts", async () => {
    await expect(
      render("Fine.\n\nThe NIC :assert{suite=story variant=nic baseline=previous verdict=saves}helps.\n"),
    ).rejects.toThrow(
      /^content\/paper\/test\.md:3:9: assertion failed: run 2026-11-25T120000Z-story-aaaaaa: nic makes no measurable difference after quiet[\s\S]*hint: .*BOOT_TALK_CLAIMS=warn/,
    );
  });

  it("lints the paragraphs, headings and captions, with citations checked against what the entries support", async () => {
    const md = [
      "## A 30% faster boot",
      "",
      "From 3.5 s to 2.5 s [@commit]. The blog's 1.2 s [@blog]. A change of fifty",
      "milliseconds is noise.",
      "",
      '::figure{src=x.svg alt="x" caption="Saves 200 ms."}',
      "",
    ].join("\n");
    const { paper } = await render(md);
    expect(paper.claims.findings.map((f) => `${f.line} ${f.rule} ${f.message}`)).toEqual([
      '1 unbound "30%" is neither bound to the runs nor cited',
      '3 unsupported "1.2 s" is cited to blog, which does not support it (blog: nothing listed)',
      '3 unbound "fifty\nmilliseconds" is neither bound to the runs nor cited',
      '6 unbound "200 ms" is neither bound to the runs nor cited',
    ]);
  });
});
