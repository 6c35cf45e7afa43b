import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildTalk } from "./build.ts";
import type { ChartApi } from "./chart-api.ts";

const repoRoot = resolve(import.meta.dirname, "../..");

/** A throwaway project root holding talk.txt and any extra files. */
function project(talk: string, files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "talk-build-"));
  for (const [path, text] of Object.entries({ "talk.txt": talk, ...files })) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const fakeCharts: ChartApi = {
  chartNames: () => ["samples", "savings"],
  chartParams: (name) => (name === "samples" ? ["run", "metric"] : ["suite"]),
  renderChart: async ({ name, params }) => ({
    svg: `<svg viewBox="0 0 10 10" role="img"><title>${name} ${params?.run}</title></svg>`,
    title: name,
    description: `${name} chart`,
    sources: { runs: [], definitions: [] },
    table: { columns: [], rows: [] },
    staleWarnings: [],
  }),
};

describe("buildTalk", () => {
  it("builds the original-style fixture: cues as slides, prose as notes", async () => {
    const talk = await buildTalk({
      root: repoRoot,
      file: "src/talk/fixtures/original-style.txt",
      assetPrefix: "../",
      charts: fakeCharts,
    });
    expect(talk.slides.map((s) => s.number)).toEqual([1, 2, 3, 4]);
    expect(talk.slides[0]!.html).toContain(
      '<h2 class="slide-title" elementtiming="slide-1">Somebody else&#39;s talk</h2>',
    );
    expect(talk.slides[0]!.notesHtml).toMatch(/<p>Good afternoon\..*<div class="pause" role="separator"/s);
    expect(talk.paceStart[0]).toBe(0);
    expect(talk.paceStart.every((p, i) => i === 0 || p > talk.paceStart[i - 1]!)).toBe(true);
  });

  it("renders images, charts and Markdown files inside div.allcenter", async () => {
    const root = project(
      [
        "  SLIDE: Pic",
        '  > image: public/a.svg "A square"',
        "  SLIDE: Inline",
        '  > image: content/b.svg "B"',
        "  SLIDE: Chart",
        "  > chart: samples run=latest",
        "  SLIDE: Md",
        "  > file: content/slides/x.md",
      ].join("\n"),
      {
        "public/a.svg": "<svg/>",
        "content/b.svg": "<svg/>",
        "public/dot.png": "png",
        "content/slides/x.md": "Some *words*.\n\n![a dot](../../public/dot.png)\n\n![the same](/dot.png)\n",
      },
    );
    const talk = await buildTalk({ root, file: "talk.txt", assetPrefix: "../../", charts: fakeCharts });
    const [pic, inline, chart, md] = talk.slides.map((s) => s.html);
    expect(pic).toContain('<div class="allcenter"><img src="../../a.svg" alt="A square"></div>');
    expect(inline).toMatch(/<div class="allcenter"><img src="data:image\/svg\+xml;base64,/);
    expect(chart).toContain(
      '<div class="allcenter"><svg viewBox="0 0 10 10" role="img"><title>samples latest</title></svg></div>',
    );
    expect(md).toContain("<em>words</em>");
    // Relative to the Markdown file, or site-absolute (public/): a page-relative URL either way.
    expect(md).toContain('<div class="allcenter"><img src="../../dot.png" alt="a dot"></div>');
    expect(md).toContain('<div class="allcenter"><img src="../../dot.png" alt="the same"></div>');
  });

  it("reports every problem at once as file:line with a hint", async () => {
    const root = project(
      [
        "  SLIDE: A",
        '  > image: public/missing.png "x"',
        "  SLIDE: B",
        "  > chart: nope",
        "  SLIDE: C",
        "  > file: nothing.md",
      ].join("\n"),
    );
    const error = await buildTalk({ root, file: "talk.txt", assetPrefix: "../", charts: fakeCharts }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const msg = (error as Error).message;
    expect(msg).toMatch(/talk\.txt:2: image public\/missing\.png does not exist\n {2}hint: /);
    expect(msg).toMatch(/talk\.txt:4: unknown chart "nope"\n {2}hint: known charts: samples, savings/);
    expect(msg).toMatch(/talk\.txt:6: visual file nothing\.md does not exist/);
  });

  it("names a missing script", async () => {
    await expect(buildTalk({ root: project(""), file: "nope.txt", assetPrefix: "../" })).rejects.toThrow(
      /nope\.txt: the talk script does not exist/,
    );
  });
});

describe("authoring mistakes the build finds", () => {
  const errorOf = (root: string) =>
    buildTalk({ root, file: "talk.txt", assetPrefix: "../", charts: fakeCharts }).then(
      () => "",
      (e: Error) => e.message,
    );

  it("an unknown chart parameter, naming the chart's parameters", async () => {
    const msg = await errorOf(project("  SLIDE: A\n  > chart: samples run=latest sweet=story\n"));
    expect(msg).toMatch(/talk\.txt:2: chart "samples" has no parameter sweet\n {2}hint: its parameters: run, metric/);
  });

  it("an unknown code language, in the script and in a Markdown slide", async () => {
    const root = project("  SLIDE: A\n  > code: shell-script\n  > ls\n  SLIDE: B\n  > file: s/b.md\n", {
      "s/b.md": "Text.\n\n```nosuchlang\nx\n```\n",
    });
    const msg = await errorOf(root);
    expect(msg).toMatch(/talk\.txt:2: unknown code language "shell-script"/);
    expect(msg).toMatch(/s\/b\.md:3: unknown code language "nosuchlang" \(in the visual of .*talk\.txt:5\)/);
  });

  it("a missing image inside a Markdown slide, at its line", async () => {
    const msg = await errorOf(project("  SLIDE: B\n  > file: s/b.md\n", { "s/b.md": "One.\n\n![gone](gone.png)\n" }));
    expect(msg).toMatch(/s\/b\.md:3: image gone\.png does not exist/);
  });

  it("a theme field that is wrong, or text too faint to read", async () => {
    const bad = project("  SLIDE: A\n", { "theme.json": '{\n  "colors": {\n    "accent": "blue"\n  }\n}\n' });
    expect(await errorOf(bad)).toMatch(/theme\.json:3: colors\.accent: expected a colour written #rrggbb/);
    const faint = project("  SLIDE: A\n", { "theme.json": '{ "colors": { "muted": "#cccccc" } }' });
    expect(await errorOf(faint)).toMatch(
      /theme\.json:1: colors\.muted: #cccccc on the background #fcfcfa has a contrast of 1\.\d+:1, below 4\.5:1/,
    );
    const typo = project("  SLIDE: A\n", { "theme.json": '{ "colours": {} }' });
    expect(await errorOf(typo)).toMatch(/theme\.json:1: \(top level\): Unrecognized key/);
  });
});

describe("the theme", () => {
  it("sets the slide colours and fonts, and puts the logo and footer on every slide", async () => {
    const root = project("  SLIDE: A\n  SLIDE: B\n", {
      "theme.json": JSON.stringify({
        colors: { accent: "#8a1c7c" },
        fonts: { body: "Georgia, serif" },
        logo: { file: "public/logo.svg", alt: "Our logo" },
        footer: "Conf 2026",
      }),
      "public/logo.svg": "<svg/>",
    });
    const talk = await buildTalk({ root, file: "talk.txt", assetPrefix: "../", charts: fakeCharts });
    expect(talk.look.css).toContain("--slide-accent:#8a1c7c");
    expect(talk.look.css).toContain("--slide-font:Georgia, serif");
    expect(talk.look.slideClass).toBe("theme-light");
    expect(talk.look.chrome).toBe(
      '<div class="allcenter slide-logo"><img src="../logo.svg" alt="Our logo"></div><span class="slide-footer">Conf 2026</span>',
    );
  });
});

describe("steps in Markdown slides", () => {
  it("`+` list items and the blocks and table rows of a :::steps block appear one by one", async () => {
    const root = project("  SLIDE: Md\n  > file: s/x.md\n", {
      "s/x.md": [
        "- shown",
        "+ first",
        "- with first",
        "",
        ":::steps",
        "| a | b |",
        "| - | - |",
        "| 1 | 2 |",
        "| 3 | 4 |",
        "",
        "Last words.",
        ":::",
        "",
      ].join("\n"),
    });
    const [slide] = (await buildTalk({ root, file: "talk.txt", assetPrefix: "../", charts: fakeCharts })).slides;
    expect(slide!.steps).toBe(4);
    // (Markdown starts a new list where the marker changes; each item keeps its step.)
    expect(slide!.html).toMatch(
      /<li>shown<\/li>[\s\S]*?<li data-step="1">first<\/li>[\s\S]*?<li data-step="1">with first<\/li>/,
    );
    expect(slide!.html).toMatch(/<div class="steps">[\s\S]*<tr data-step="2">[\s\S]*<tr data-step="3">/);
    expect(slide!.html).toMatch(/<p data-step="4">Last words\.<\/p>/);
    expect(slide!.html).not.toMatch(/<tr data-step="\d+">\s*<th>/); // the header row shows from the start
  });
});

describe("a long-running build (the dev server)", () => {
  it("redraws charts once the records folder changes, and not before", async () => {
    let renders = 0;
    const counting: ChartApi = {
      ...fakeCharts,
      renderChart: async (request, options) => {
        renders++;
        return fakeCharts.renderChart(request, options);
      },
    };
    const root = project("  SLIDE: A\n  > chart: samples run=latest\n", { "content/runs/a.json": "{}" });
    const build = () =>
      buildTalk({ root, file: "talk.txt", assetPrefix: "../", charts: counting, runsDir: join(root, "content/runs") });
    await build();
    await build();
    expect(renders).toBe(1); // the three talk pages share one render
    writeFileSync(join(root, "content/runs/b.json"), "{}");
    await build();
    expect(renders).toBe(2);
  });
});

describe("one build for every page", () => {
  const files = {
    "talk.txt": '  SLIDE: Pic\n  > image: public/a.svg "A"\n  SLIDE: Md\n  > file: content/x.md\n',
    "public/a.svg": "<svg/>",
    "content/x.md": "![inline](pic.svg)\n",
    "content/pic.svg": "<svg>1</svg>",
    "content/runs/a.json": "{}",
  };

  it("is shared by pages with different asset prefixes, each with its own URLs", async () => {
    const root = project(files["talk.txt"], files);
    const page = (assetPrefix: string) =>
      buildTalk({ root, file: "talk.txt", assetPrefix, charts: fakeCharts, runsDir: join(root, "content/runs") });
    const deck = await page("../");
    const read = await page("../../");
    expect(deck.slides[0]!.html).toContain('<img src="../a.svg" alt="A">');
    expect(read.slides[0]!.html).toContain('<img src="../../a.svg" alt="A">');
    expect(read.slides[0]!.dataNotes).toBe(deck.slides[0]!.dataNotes); // the same build, not a second one
  });

  it.each([
    ["the script", "talk.txt", '  SLIDE: Renamed\n  > image: public/a.svg "A"\n  SLIDE: Md\n  > file: content/x.md\n'],
    ["a Markdown slide", "content/x.md", "![inline](pic.svg)\n\nMore.\n"],
    ["a picture in a Markdown slide", "content/pic.svg", "<svg>22</svg>"],
    ["the theme (created)", "theme.json", '{ "footer": "Conf" }'],
    ["the records folder", "content/runs/b.json", "{}"],
  ])("is built again when %s changes", async (_, file, text) => {
    const root = project(files["talk.txt"], files);
    const page = () =>
      buildTalk({
        root,
        file: "talk.txt",
        assetPrefix: "../",
        charts: fakeCharts,
        runsDir: join(root, "content/runs"),
      });
    const before = await page();
    writeFileSync(join(root, file), text);
    const after = await page();
    expect(after.slides[0]!.dataNotes).not.toBe(before.slides[0]!.dataNotes);
    const said = JSON.stringify(after);
    if (file === "talk.txt") expect(after.slides[0]!.title).toBe("Renamed");
    if (file === "content/x.md") expect(after.slides[1]!.html).toContain("More.");
    if (file === "content/pic.svg") expect(said).toContain(Buffer.from("<svg>22</svg>").toString("base64"));
    if (file === "theme.json") expect(after.look.chrome).toContain("Conf");
  });
});

describe("paceStarts", () => {
  it("shares the talk's time out by words spoken, with a floor for quiet slides", async () => {
    const { parseTalk } = await import("./parse.ts");
    const words = (n: number) => Array.from({ length: n }, () => "word").join(" ");
    const talk = parseTalk(`  SLIDE: a\n${words(60)}\n  SLIDE: b\n  SLIDE: c\n${words(20)}\n`);
    // Weights 60, 20 (floor), 20 → starts at 0, 60/100, 80/100.
    const { paceStarts } = await import("./build.ts");
    expect(paceStarts(talk.slides)).toEqual([0, 0.6, 0.8]);
  });
});
