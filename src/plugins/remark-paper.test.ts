import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN_CHOICE } from "../../core/records/choice.ts";
import type { RunRecord } from "../../core/records/schema.ts";
import { loadBibliography } from "../paper/bibliography.ts";
import { analysisRecord, benchmarkRecord } from "../paper/fixtures/records.ts";
import { renderPaper } from "../paper/render.ts";
import type { ChartRenderer } from "./remark-paper.ts";

const BIB = resolve(import.meta.dirname, "../paper/fixtures/bibliography.json");
const STORY = { baseline: [3000, 3100, 3050, 2990, 3020], quiet: [2600, 2650, 2610, 2590, 2700] };

/** A fake chart renderer honouring the charts contract, recording what it was asked. */
function fakeCharts(stale: string[] = []): { render: ChartRenderer; calls: string[] } {
  const calls: string[] = [];
  const render: ChartRenderer = async (ref) => {
    calls.push(`${ref.name} ${JSON.stringify(ref.params)}`);
    if (ref.name !== "savings") throw new Error(`unknown chart "${ref.name}"; known charts: savings`);
    return {
      svg: `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 10 10"><title>savings</title></svg>`,
      title: "Savings per variant",
      description: "bars",
      sources: { runs: ["2026-11-25T120000Z-story-aaaaaa"], definitions: ["content/benchmarks/story.json"] },
      table: { columns: ["variant", "saving"], rows: [["quiet", 410.5]] },
      staleWarnings: stale,
    };
  };
  return { render, calls };
}

/** The fixtures have 3–5 boots per variant: a gate of 1 keeps quality notes out of tests about other notes. */
const LENIENT = { ...DEFAULT_RUN_CHOICE, minimumTimedBoots: 1, minimumAnalysisPasses: 1 };

async function render(
  markdown: string,
  records: RunRecord[] = [benchmarkRecord(STORY), analysisRecord()],
  stale: string[] = [],
  choice = LENIENT,
) {
  const charts = fakeCharts(stale);
  const terminal = async () => ({
    text: "boot-talk bench\nquiet  2,610 ms ± 40 ms",
    title: "bench output",
    command: "$ npm run bench",
    runIds: [records[0]?.id ?? ""],
  });
  return renderPaper("content/paper/test.md", markdown, {
    records: async () => records,
    bibliography: () => loadBibliography(BIB),
    renderChart: charts.render,
    terminal,
    stale: (used) => used.filter((r) => r.id.includes("stale")).map((r) => `run ${r.id} is old`),
    choice,
  });
}

describe("remark-paper figures, tables and cross-references", () => {
  it("numbers figures and tables in document order and links references to them", async () => {
    const md = [
      "See @fig:b and @tbl:sum, then @fig:a.",
      "",
      '::figure{chart=savings suite=story #fig:a caption="First."}',
      "",
      "::table{data=suite-summary suite=story #tbl:sum}",
      "",
      '::figure{src=pic.svg alt="A picture" #fig:b caption="Second."}',
      "",
    ].join("\n");
    const { html } = await render(md);
    expect(html).toContain('<a href="#fig-b" class="xref">Figure 2</a>');
    expect(html).toContain('<a href="#tbl-sum" class="xref">Table 1</a>');
    expect(html).toContain('<a href="#fig-a" class="xref">Figure 1</a>');
    expect(html).toMatch(/<figure id="fig-a"[^>]*>[\s\S]*?Figure 1\.[\s\S]*?First\./);
    expect(html).toMatch(/<figure id="tbl-sum"[^>]*><figcaption><span class="caption-label">Table 1\.<\/span>/);
    // every image and chart sits inside div.allcenter
    expect(html).toMatch(/<div class="allcenter"><svg/);
    expect(html).toMatch(/<div class="allcenter"><img src="pic.svg" alt="A picture"/);
  });

  it("fails at the line of a dangling @fig reference, naming the known labels", async () => {
    const md = [
      "Intro.",
      "",
      "::figure{chart=savings #fig:savings}",
      "",
      "Second paragraph",
      "cites @fig:savngs here.",
    ].join("\n");
    await expect(render(md)).rejects.toThrow(
      /content\/paper\/test\.md:6:7: @fig:savngs refers to no figure or table\n {2}hint: labels of that kind: @fig:savings/,
    );
  });

  it("fails when a chart name is unknown, at the directive's line", async () => {
    await expect(render("Text.\n\n::figure{chart=savigns}\n")).rejects.toThrow(
      /test\.md:3:1: chart "savigns" could not be drawn: unknown chart "savigns"; known charts: savings/,
    );
  });

  it("fails when a chart is given a parameter it does not take, naming the ones it does", async () => {
    await expect(render("Text.\n\n::figure{chart=savings sutie=story}\n")).rejects.toThrow(
      /test\.md:3:1: chart "savings" has no parameter sutie\n {2}hint: its parameters: suite, kind, metric/,
    );
  });

  it("warns, listing which, when a figure's runs are stale", async () => {
    const { warnings, html } = await render("::figure{chart=savings #fig:s}\n", undefined, [
      "run X predates content/benchmarks/story.json",
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /test\.md:1:1: warning: fig:s may be stale: run X predates content\/benchmarks\/story\.json/,
      ),
    ]);
    expect(html).toContain(
      '<span class="figure-stale" role="note">May be out of date: run X predates content/benchmarks/story.json.</span>',
    );
  });

  it("keeps ordinary colons in prose (bare text directives are text again)", async () => {
    const { html } = await render("Ratio 16:9 at 10:30, note:this stays.\n");
    expect(html).toContain("Ratio 16:9 at 10:30, note:this stays.");
  });

  it("renders a terminal screenshot as an SVG figure with title and desc", async () => {
    const { html } = await render('::terminal{of=bench #fig:bench caption="Bench output."}\n');
    expect(html).toMatch(
      /<figure id="fig-bench"[\s\S]*<div class="allcenter"><svg[^>]*role="img"[\s\S]*<title[^>]*>bench output<\/title>[\s\S]*quiet {2}2,610 ms/,
    );
  });
});

describe("remark-paper statistics", () => {
  it("quotes a variant's median with units, computed from the raw samples", async () => {
    const { html } = await render("Quiet boots in :stat{suite=story variant=quiet metric=wall field=median}.\n");
    expect(html).toMatch(/<span class="stat"[^>]*>2,610\u202Fms<\/span>/);
  });

  it("changes the quoted number when a record's samples change", async () => {
    const edited = benchmarkRecord({ ...STORY, quiet: [1000, 1100, 1200, 1300, 1400] });
    const { html } = await render("Quiet: :stat{suite=story variant=quiet field=median}.\n", [edited]);
    // The default metric is the run's primary one, marker (= wall − 200 in the fixtures).
    expect(html).toContain("1,000\u202Fms");
    expect(html).not.toContain("2,610");
  });

  it("quotes a saving with its confidence interval, N and the run date", async () => {
    const { html } = await render(
      "Saves :stat{suite=story variant=quiet field=saving} over N=:stat{suite=story variant=quiet field=n} on :stat{suite=story field=date}.\n",
    );
    // Paired by round: 400, 450, 440, 400, 320 ms faster, median 400 (the medians differ by 410).
    expect(html).toMatch(/Saves <span[^>]*>400\u202Fms \(95% CI \d[\d,]*–\d[\d,]*\u202Fms\)<\/span>/);
    expect(html).toMatch(/N=<span[^>]*>5<\/span>/);
    expect(html).toContain("25 November 2026");
  });

  it("fails at its line on an unknown variant, listing the variants", async () => {
    await expect(render("One.\n\nQuiet: :stat{suite=story variant=quit field=median}.\n")).rejects.toThrow(
      /test\.md:3:8: run 2026-11-25T120000Z-story-aaaaaa \(suite story\) has no variant "quit"\n {2}hint: its variants are: baseline, quiet/,
    );
  });

  it("fails on an unknown statistic field and an unknown suite, with hints", async () => {
    await expect(render(":stat{suite=story variant=quiet field=medain}\n")).rejects.toThrow(
      /unknown statistic field "medain"\n {2}hint: known fields: median/,
    );
    await expect(render(":stat{suite=stroy variant=quiet field=median}\n")).rejects.toThrow(
      /no benchmark run of suite "stroy"\n {2}hint: .*suites with runs: story/,
    );
  });

  it("builds the longest-activities table longest first", async () => {
    const { html } = await render("::table{data=longest-activities limit=2}\n");
    expect(html.indexOf(">kernel<")).toBeLessThan(html.indexOf(">userspace<"));
    expect(html).not.toContain(">firmware<");
  });
});

describe("remark-paper citations and generated sections", () => {
  it("numbers citations by first use and lists references at ::references", async () => {
    const md = "Bootstrap [@efron1993], and the talk [@jones2016; @efron1993].\n\n::references\n";
    const { html, paper } = await render(md);
    expect(html).toContain(
      '[<a href="#ref-efron1993" title="Efron, Bradley and Tibshirani, Robert J. (1993). An Introduction to the Bootstrap">1</a>]',
    );
    expect(html).toMatch(/\[<a href="#ref-jones2016"[^>]*>2<\/a>, <a href="#ref-efron1993"[^>]*>1<\/a>\]/);
    expect(html).toMatch(/<h2 id="references">References/);
    expect(html).toMatch(
      /<li id="ref-efron1993">Efron, Bradley and Tibshirani, Robert J\. \(1993\)\. <em>An Introduction to the Bootstrap\.<\/em> Chapman &#x26; Hall\.<\/li>/,
    );
    expect(html).toContain("<em>How long does it take to boot a VM?</em> Red Hat.");
    expect(paper.references.map((r) => r.id)).toEqual(["efron1993", "jones2016"]);
  });

  it("fails on an unknown citation key with a suggestion", async () => {
    await expect(render("As shown [@jones2017].\n")).rejects.toThrow(
      /test\.md:1:10: no bibliography entry "jones2017"\n {2}hint: add it to content\/bibliography\.json, or did you mean jones2016\?/,
    );
  });

  it("generates the method section from the runs the paper cites", async () => {
    const md = ":stat{suite=story variant=quiet field=median}\n\n::method\n";
    const record = benchmarkRecord(STORY);
    record.warnings = ["high variation (CV 66% > 10%); the host is probably busy"];
    const { html, paper } = await render(md, [record, analysisRecord()]);
    expect(html).toContain(
      "<code>2026-11-25T120000Z-story-aaaaaa</code>: high variation (CV 66% > 10%); the host is probably busy",
    );
    expect(paper.citedRuns).toEqual(["2026-11-25T120000Z-story-aaaaaa"]);
    expect(html).toMatch(/<h2 id="method-and-environment">Method and environment/);
    expect(html).toContain("Fixture CPU @ 2.00GHz, 2 cores");
    expect(html).toContain("QEMU emulator version 9.2.0");
    expect(html).toContain("TCG (software emulation");
    expect(html).toContain("vmlinuz-6.1.0-cloud-amd64");
    expect(html).toContain("<code>0123456789ab</code>");
    // the analysis record was not cited, so it is not described
    expect(html).not.toContain("2026-11-25T130000Z-analysis-bbbbbb");
  });

  it("rejects unknown block directives", async () => {
    await expect(render("::figur{chart=savings}\n")).rejects.toThrow(
      /test\.md:1:1: unknown directive ::figur\n {2}hint: the paper knows figure/,
    );
  });
});

describe("remark-paper metric and baseline defaults", () => {
  it("defaults to the run's primary metric and supports baseline=previous for cumulative steps", async () => {
    const samples = { baseline: [3000, 3000, 3000], quiet: [2500, 2500, 2500], fast: [2000, 2000, 2000] };
    const record = benchmarkRecord(samples, { cumulative: true });
    const { html } = await render(
      "A :stat{suite=story variant=fast field=median}, B :stat{suite=story variant=fast field=saving-ms baseline=previous}.\n\n::table{data=suite-summary suite=story baseline=previous}\n",
      [record],
    );
    // the fixture's marker = wall − 200, so the marker median of fast is 1,800 ms
    expect(html).toContain("A <span");
    expect(html).toMatch(/A <span[^>]*>1,800\u202Fms<\/span>, B <span[^>]*>500\u202Fms<\/span>/);
    expect(html).toContain("Saving vs previous");
    await expect(
      render(":stat{suite=story variant=baseline field=saving baseline=previous}\n", [record]),
    ).rejects.toThrow(/has no previous variant/);
  });

  it("quotes only the comparisons the records derive, and says which those are", async () => {
    const samples = { baseline: [3000, 3000, 3000], quiet: [2500, 2500, 2500], fast: [2000, 2000, 2000] };
    // Each variant alone against the baseline: "the step before" is not a comparison of this run.
    const separate = benchmarkRecord(samples);
    await expect(
      render(":stat{suite=story variant=fast field=saving baseline=previous}\n", [separate]),
    ).rejects.toThrow(/compares "fast" with its baseline "baseline", not with "quiet"\n {2}hint: leave baseline= out/);
    await expect(render("::table{data=suite-summary suite=story baseline=quiet}\n", [separate])).rejects.toThrow(
      /compares "fast" with its baseline "baseline", not with "quiet"/,
    );
    // Comparisons are on the primary metric (marker); wall medians are quoted, wall savings are not.
    await expect(render(":stat{suite=story variant=fast metric=wall field=saving}\n", [separate])).rejects.toThrow(
      /compares its variants on marker \(its primary metric\), not on wall/,
    );
    const { html } = await render("::table{data=suite-summary suite=story metric=wall}\n", [separate]);
    expect(html).toContain("2,000\u202Fms");
    expect(html).not.toContain("Saving vs");
  });
});

describe("remark-paper analysis selection", () => {
  it("quotes the newest appliance analysis by default, as the boot-timeline chart does", async () => {
    const other = analysisRecord("2026-11-26T000000Z-analysis-libguestfs-cccccc");
    other.target.kind = "exec";
    other.passes = 9;
    other.createdAt = "2026-11-26T00:00:00.000Z";
    const records = [benchmarkRecord(STORY), analysisRecord(), other];
    const { html } = await render(
      "A :stat{analysis=latest field=passes}, B :stat{analysis=latest kind=exec field=passes}.\n",
      records,
    );
    expect(html).toMatch(/A <span[^>]*>5<\/span>, B <span[^>]*>9<\/span>/);
    await expect(render(":stat{analysis=latest kind=vmm field=passes}\n", records)).rejects.toThrow(
      /no vmm analysis record\n {2}hint: .*recorded kinds: appliance, exec/,
    );
  });
});

describe("remark-paper staleness beyond charts", () => {
  it("flags a table and a quoted number computed from a stale run, at their lines", async () => {
    const old = benchmarkRecord(STORY, { id: "2026-01-01T000000Z-story-stale01" });
    const { html, warnings } = await render(
      "Median :stat{suite=story variant=quiet field=median}.\n\n::table{data=suite-summary suite=story #tbl:s}\n",
      [old],
    );
    expect(warnings).toEqual([
      expect.stringMatching(
        /test\.md:1:8: warning: :stat median may be stale: run 2026-01-01T000000Z-story-stale01 is old/,
      ),
      expect.stringMatching(/test\.md:3:1: warning: tbl:s may be stale: run 2026-01-01T000000Z-story-stale01 is old/),
    ]);
    expect(html).toMatch(
      /id="tbl-s"[\s\S]*<span class="figure-stale" role="note">May be out of date: run 2026-01-01T000000Z-story-stale01 is old\.<\/span>/,
    );
  });
});

describe("remark-paper run quality and comparability", () => {
  it("notes a run below the quality gate on the table that uses it, in the method section and the log", async () => {
    const { html, warnings } = await render(
      "Median :stat{suite=story variant=quiet field=median}.\n\n::table{data=suite-summary suite=story #tbl:s}\n\n::method\n",
      undefined,
      [],
      DEFAULT_RUN_CHOICE,
    );
    const why = "run 2026-11-25T120000Z-story-aaaaaa has only 5 successful timed boots in some variant (minimum 10)";
    expect(warnings).toEqual([
      `content/paper/test.md:1:8: warning: :stat median uses a run below the quality gate: ${why}`,
      `content/paper/test.md:3:1: warning: tbl:s uses a run below the quality gate: ${why}`,
    ]);
    expect(html).toContain(`<span class="figure-quality" role="note"> Note on the data: ${why}.</span>`);
    expect(html).toMatch(
      /<ul class="run-notes" role="note">\s*<li>Run 2026-11-25T120000Z-story-aaaaaa, used by Table 1 and 1 number in the text, is below the quality gate: it has only 5 successful timed boots in some variant \(minimum 10\)\.<\/li>/,
    );
  });

  it("says in the method section, and the log, which figures come from runs that are not comparable", async () => {
    const other = analysisRecord();
    other.qemu = { path: "/usr/bin/qemu-system-x86_64", version: "QEMU emulator version 8.2.2" };
    const { html, warnings } = await render(
      "A :stat{suite=story variant=quiet field=median}, B :stat{analysis=latest field=passes}.\n\n::method\n",
      [benchmarkRecord(STORY), other],
    );
    const mix =
      "QEMU differs: QEMU emulator version 9.2.0 (run 2026-11-25T120000Z-story-aaaaaa: :stat median (line 1)); " +
      "QEMU emulator version 8.2.2 (run 2026-11-25T130000Z-analysis-bbbbbb: :stat passes (line 1))";
    expect(warnings).toEqual([expect.stringContaining(`the runs this paper uses are not all comparable: ${mix}`)]);
    expect(html).toContain(`The runs are not all comparable: ${mix}. Compare figures across that line with care.`);
  });
});
