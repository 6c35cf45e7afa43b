/**
 * Fault injection for the paper: scripts, event handlers and `javascript:` URLs in paper.md,
 * the bibliography and the authors' links must fail the build at their place, while the HTML
 * the pipeline itself inserts (chart SVGs with their style blocks) and the markup the paper
 * legitimately produces (figures, tables, footnotes, ids for cross-references) pass unchanged.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBibliography } from "./bibliography.ts";
import { PaperFrontmatter } from "./frontmatter.ts";
import { renderPaper } from "./render.ts";

const CHART_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" class="bt-chart" role="img" viewBox="0 0 10 10"><title>savings</title>' +
  '<style>.bt-chart{--bt-chart-fg:#1b1f24}</style><text x="1" y="5" style="fill:var(--bt-chart-fg,#1b1f24)">3 s</text></svg>';

const render = (markdown: string) =>
  renderPaper("content/paper/p.md", markdown, {
    records: async () => [],
    bibliography: async () => [],
    renderChart: async () => ({
      svg: CHART_SVG,
      title: "Savings",
      description: "bars",
      sources: { runs: [], definitions: [] },
      table: { columns: ["a"], rows: [["b"]] },
      staleWarnings: [],
    }),
  });

describe("paper.md cannot inject code", () => {
  it("rejects a <script> at its line instead of publishing it", async () => {
    await expect(render("# T\n\nText.\n\n<script>alert(1)</script>\n")).rejects.toThrow(
      /^content\/paper\/p\.md:5:1: raw HTML <script> is not allowed in content/,
    );
  });

  it("rejects javascript: links, in Markdown and in raw HTML", async () => {
    await expect(render("Text [click](javascript:alert(1)).\n")).rejects.toThrow(
      /^content\/paper\/p\.md:1:6: the URL "javascript:alert\(1\)" on <a> is not allowed\n {2}hint: /,
    );
    await expect(render('Para.\n\n<a href=" JavaScript:alert(1)">x</a>\n')).rejects.toThrow(
      /^content\/paper\/p\.md:3:\d+: the URL/,
    );
  });

  it("rejects event handlers and embeds", async () => {
    await expect(render('<img src="x.png" alt="x" onerror="alert(1)">\n')).rejects.toThrow(/onerror on <img>/);
    await expect(render('<iframe src="https://example.org"></iframe>\n')).rejects.toThrow(/raw HTML <iframe>/);
  });

  it("strips what is not on the list and cannot forge the pipeline's placeholders", async () => {
    const { html } = await render(
      'Text <span style="position:fixed">x</span>.\n\n<bt-trusted data-bt-trusted="guess:0"></bt-trusted>\n\n<svg><circle r="9"/></svg>\n',
    );
    expect(html).not.toMatch(/style=|bt-trusted|<svg|<circle/);
  });
});

describe("what the paper legitimately produces survives sanitising", () => {
  it("keeps pipeline charts with their style block, figures, ids, cross-references, tables and footnotes", async () => {
    const { html } = await render(
      [
        "## Results",
        "",
        "See @fig:savings and the note.[^1]",
        "",
        '::figure{chart=savings #fig:savings caption="Savings."}',
        "",
        "| a | b |",
        "| - | -: |",
        "| x | 1 |",
        "",
        "[^1]: A footnote with a [link](https://example.org) and [mail](mailto:a@example.org).",
      ].join("\n"),
    );
    expect(html).toContain(CHART_SVG);
    expect(html).toMatch(/<figure id="fig-savings" class="paper-figure" data-number="1">/);
    expect(html).toMatch(/<a href="#fig-savings" class="xref">Figure 1/);
    expect(html).toMatch(/<h2 id="results">/);
    expect(html).toMatch(/<td align="right">1<\/td>/);
    expect(html).toMatch(/<a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref/);
    expect(html).toMatch(/<li id="user-content-fn-1">/);
    expect(html).toMatch(/<section data-footnotes="" class="footnotes">/);
    expect(html).toContain('href="https://example.org"');
    expect(html).toContain('href="mailto:a@example.org"');
  });
});

describe("the bibliography and the authors' links", () => {
  it("refuse javascript: URLs, naming the entry and field", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bib-"));
    const file = join(dir, "bib.json");
    await writeFile(file, JSON.stringify([{ id: "evil", type: "webpage", title: "T", URL: "javascript:alert(1)" }]));
    await expect(loadBibliography(file)).rejects.toThrow(/bib\.json: entry 0\.URL: must be an http\(s\) URL/);
    await writeFile(file, JSON.stringify([{ id: "ok", type: "webpage", title: "T", URL: "https://example.org/x" }]));
    await expect(loadBibliography(file)).resolves.toHaveLength(1);
  });

  it("refuse a javascript: author url in the paper's front matter", () => {
    const base = { title: "T", date: "2026-01-01", abstract: "A." };
    const bad = PaperFrontmatter.safeParse({ ...base, authors: [{ name: "X", url: "javascript:alert(1)" }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["authors", 0, "url"]);
    expect(PaperFrontmatter.safeParse({ ...base, authors: [{ name: "X", url: "https://example.org" }] }).success).toBe(
      true,
    );
  });
});
