import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBibliography } from "./bibliography.ts";
import { citationMeta, citeThis } from "./cite.ts";
import { formatDate, formatMs, formatMsRange } from "../../core/format/numbers.ts";
import { PaperFrontmatter } from "./frontmatter.ts";
import { shellLines } from "./method.ts";
import { renderPaper, splitFrontmatter } from "./render.ts";
import { renderTerminalSvg, terminalLines } from "./terminal-svg.ts";

describe("number formatting", () => {
  it("formats milliseconds with grouping, a decimal only under 10 ms, and a proper minus", () => {
    expect(formatMs(1234.4)).toBe("1,234\u202Fms");
    expect(formatMs(8.46)).toBe("8.5\u202Fms");
    expect(formatMs(-240)).toBe("−240\u202Fms");
    expect(formatMsRange([180.2, 1300])).toBe("180–1,300\u202Fms");
    expect(formatMsRange([-568, 663])).toBe("−568 to 663\u202Fms");
    expect(formatDate("2026-11-25T18:59:10.414Z")).toBe("25 November 2026");
  });
});

describe("terminal screenshots", () => {
  it("escapes text, keeps spacing, strips ANSI and carries title and desc", () => {
    const svg = renderTerminalSvg("\x1b[1mResult\x1b[0m: <fast> & 'good'\n  indented", {
      title: "bench & co",
      command: "$ npm run bench",
    });
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain("<title id=");
    expect(svg).toContain(">bench &amp; co</title>");
    expect(svg).toContain("xml:space=\"preserve\">Result: &lt;fast&gt; &amp; 'good'</text>");
    expect(svg).toContain(">  indented</text>");
    expect(svg).not.toContain("\x1b");
  });

  it("wraps long lines with a marker so the image keeps a printable width", () => {
    const lines = terminalLines("x".repeat(25), 10);
    expect(lines).toEqual(["x".repeat(10), `↪ ${"x".repeat(8)}`, `↪ ${"x".repeat(7)}`]);
  });
});

describe("bibliography", () => {
  it("names the entry and field of an invalid CSL-JSON entry", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bib-"));
    const file = join(dir, "bib.json");
    await writeFile(
      file,
      JSON.stringify([
        { id: "ok", type: "book", title: "T" },
        { id: "bad", type: "book" },
      ]),
    );
    await expect(loadBibliography(file)).rejects.toThrow(/bib\.json: entry 1\.title: .*\n {2}hint: .*CSL-JSON/);
    await writeFile(
      file,
      JSON.stringify([
        { id: "a", type: "book", title: "T" },
        { id: "a", type: "book", title: "U" },
      ]),
    );
    await expect(loadBibliography(file)).rejects.toThrow(/entry a: the id is used twice/);
  });
});

describe("front matter and page metadata", () => {
  const meta = PaperFrontmatter.parse({
    title: "How long does it take to boot a VM?",
    authors: [{ name: "Ada Lovelace", affiliation: "Analytical Engines" }],
    date: "2026-11-25",
    abstract: "We boot things.",
    keywords: ["QEMU"],
  });

  it("rejects a paper without an abstract, naming the field", () => {
    const result = PaperFrontmatter.safeParse({ title: "T", authors: [{ name: "A" }], date: "2026-01-01" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["abstract"]);
  });

  it("keeps Markdown line numbers when front matter is split off", () => {
    const { data, body } = splitFrontmatter("---\ntitle: T\nauthors: []\n---\nline five\n", "p.md");
    expect(data).toEqual({ title: "T", authors: [] });
    expect(body.split("\n")[4]).toBe("line five");
  });

  it("reports a dangling reference at its line in the original file, front matter included", async () => {
    const text = "---\ntitle: T\n---\n\nSee @fig:none.\n";
    await expect(
      renderPaper("content/paper/p.md", text, { records: async () => [], bibliography: async () => [] }),
    ).rejects.toThrow(/^content\/paper\/p\.md:5:5: @fig:none refers to no figure or table/);
  });

  it("emits Google Scholar tags and a cite-this block", () => {
    const tags = citationMeta(meta, [
      {
        id: "x",
        type: "book",
        title: "Bootstrap",
        author: [{ family: "Efron", given: "B." }],
        issued: { "date-parts": [[1993]] },
      },
    ]);
    expect(tags).toContainEqual(["citation_title", "How long does it take to boot a VM?"]);
    expect(tags).toContainEqual(["citation_author", "Ada Lovelace"]);
    expect(tags).toContainEqual(["citation_publication_date", "2026/11/25"]);
    expect(tags).toContainEqual([
      "citation_reference",
      "citation_title=Bootstrap; citation_author=Efron, B.; citation_publication_date=1993",
    ]);
    const cite = citeThis(meta);
    expect(cite.plain).toBe("Ada Lovelace (2026). How long does it take to boot a VM? boot-talk.");
    expect(cite.bibtex).toMatch(
      /^@article\{lovelace2026long,\n {2}title {3}= \{How long does it take to boot a VM\?\},/,
    );
  });
});

describe("method section", () => {
  it("prints a QEMU command line one option per line, quoting only what needs it", () => {
    expect(
      shellLines(["qemu-system-x86_64", "-kernel", "/boot/vmlinuz", "-nographic", "-append", "console=ttyS0 quiet"]),
    ).toBe("qemu-system-x86_64 \\\n  -kernel /boot/vmlinuz \\\n  -nographic \\\n  -append 'console=ttyS0 quiet'");
  });
});

describe("terminal excerpts", () => {
  it("keeps the first lines and says how many were left out", async () => {
    const { firstLines } = await import("./terminals.ts");
    expect(firstLines("a\nb\nc\nd\n", 2)).toBe("a\nb\n… (2 more lines)");
    expect(firstLines("a\nb\n", 5)).toBe("a\nb");
  });
});

describe("JSON-LD", () => {
  it("describes the article as a ScholarlyArticle and cannot close its script element", async () => {
    const { scholarlyJsonLd } = await import("./cite.ts");
    const meta = PaperFrontmatter.parse({
      title: "A </script> title",
      authors: [{ name: "Ada" }],
      date: "2026-11-25",
      abstract: "x",
    });
    const text = scholarlyJsonLd(meta, []);
    expect(text).not.toContain("</");
    expect(JSON.parse(text)).toMatchObject({
      "@type": "ScholarlyArticle",
      headline: "A </script> title",
      datePublished: "2026-11-25",
    });
  });
});
