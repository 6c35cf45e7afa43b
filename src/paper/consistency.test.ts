/**
 * The check, end to end through the real chart renderer: editing a record's samples and
 * rendering again changes the figure, the table and the quoted number, and all three agree.
 */
import { describe, expect, it } from "vitest";
import { loadRuns } from "../data/runs.ts";
import { benchmarkRecord } from "./fixtures/records.ts";
import { renderPaper } from "./render.ts";

const MARKDOWN = [
  "The median is :stat{run=latest variant=quiet metric=wall field=median}.",
  "",
  "::figure{chart=samples run=latest metric=wall #fig:samples}",
  "",
  "::table{data=suite-summary run=latest metric=wall #tbl:summary}",
  "",
].join("\n");

async function renderWith(quiet: number[]) {
  const record = benchmarkRecord({ baseline: [3000, 3010, 3020, 3030, 3040], quiet });
  const { html } = await renderPaper("content/paper/consistency.md", MARKDOWN, {
    records: async () => [record],
    bibliography: async () => [],
  });
  const stat = /<span class="stat"[^>]*>([^<]+)<\/span>/.exec(html)?.[1];
  const tableRow =
    /<tr>\s*<td[^>]*>quiet<\/td>([\s\S]*?)<\/tr>/.exec(html.slice(html.indexOf('id="tbl-summary"')))?.[1] ?? "";
  const figure = html.slice(html.indexOf('id="fig-samples"'), html.indexOf('id="tbl-summary"'));
  return { stat, tableRow, figure };
}

describe("editing a record's samples changes figure, table and prose together", () => {
  it("re-renders every view of the data from the edited samples", async () => {
    const before = await renderWith([2600, 2610, 2620, 2630, 2640]);
    const after = await renderWith([1500, 1510, 1520, 1530, 1540]);
    expect(before.stat).toBe("2,620\u202Fms");
    expect(after.stat).toBe("1,520\u202Fms");
    // the summary table quotes the same median as the sentence
    expect(before.tableRow).toContain("2,620\u202Fms");
    expect(after.tableRow).toContain("1,520\u202Fms");
    // the chart's data (figure data table and the SVG's accessible text) holds the new samples only
    expect(after.figure).toMatch(/1,?520/);
    expect(after.figure).not.toMatch(/2,?620/);
    expect(before.figure).toMatch(/2,?620/);
  });
});

describe("a figure and a quoted number of the same run quote the same metric", () => {
  it("run 2026-11-25T194159Z-boot-a8b8a4: the :stat median and the distribution chart's median agree", async () => {
    // This run has one variant and so no comparisons; the paper used to fall back to the wall
    // median (3,802 ms) while the chart plotted the marker median (3,768 ms).
    const run = "2026-11-25T194159Z-boot-a8b8a4";
    const records = await loadRuns();
    const { html } = await renderPaper(
      "content/paper/consistency.md",
      `Median :stat{run=${run} variant=default field=median}.\n\n::figure{chart=distribution run=${run} #fig:d}\n`,
      { records: async () => records, bibliography: async () => [] },
    );
    const stat = /<span class="stat"[^>]*>([^<]+)<\/span>/.exec(html)?.[1];
    expect(stat).toBe("3,768\u202Fms");
    expect(html).toContain("ms, QEMU start to ready");
    expect(html).toMatch(/default: 10 boots, [\d,]+–[\d,]+ ms, median 3,768 ms/);
  });
});
