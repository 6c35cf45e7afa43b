/**
 * Fault injection for the talk: paths that leave the project, scripts and `javascript:` links in
 * Markdown slides, and a front matter that never closes. Each case reproduces what an attacker
 * or a slip of the keyboard would write, and asserts the build refuses it at file:line instead
 * of publishing it.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildTalk } from "./build.ts";
import type { ChartApi } from "./chart-api.ts";
import { parseTalk, TalkError } from "./parse.ts";

const noCharts: ChartApi = {
  chartNames: () => [],
  renderChart: () => Promise.reject(new Error("no charts in these tests")),
};

/** A project folder inside a scratch folder that also holds a secret outside the project. */
function project(talk: string, files: Record<string, string> = {}): { root: string; outside: string } {
  const scratch = mkdtempSync(join(tmpdir(), "talk-faults-"));
  const root = join(scratch, "project");
  writeFileSync(join(scratch, "outside-secret.svg"), "<svg><text>secret</text></svg>");
  writeFileSync(join(scratch, "outside.md"), "The secret slide.\n");
  for (const [path, text] of Object.entries({ "talk.txt": talk, ...files })) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, outside: scratch };
}

async function buildError(root: string): Promise<string> {
  const result = await buildTalk({ root, file: "talk.txt", assetPrefix: "../", charts: noCharts }).then(
    () => null,
    (e: Error) => e.message,
  );
  if (result === null) throw new Error("expected the build to fail");
  return result;
}

describe("content paths are confined to the project", () => {
  it("refuses `> image: ../outside-secret.svg`", async () => {
    const { root } = project('  SLIDE: Leak\n  > image: ../outside-secret.svg "a secret"\n');
    expect(await buildError(root)).toMatch(/talk\.txt:2: image \.\.\/outside-secret\.svg is outside the project/);
  });

  it("refuses an absolute `> file:` path outside the project", async () => {
    const scratch = project("").outside;
    const { root } = project(`  SLIDE: Leak\n  > file: ${join(scratch, "outside.md")}\n`);
    expect(await buildError(root)).toMatch(
      /talk\.txt:2: visual file \/.*outside\.md is outside the project \(an absolute path\)/,
    );
  });

  it("refuses a symlink inside the project that points outside it", async () => {
    const { root, outside } = project('  SLIDE: Leak\n  > image: public/logo.svg "a logo"\n');
    mkdirSync(join(root, "public"), { recursive: true });
    symlinkSync(join(outside, "outside-secret.svg"), join(root, "public/logo.svg"));
    expect(await buildError(root)).toMatch(/talk\.txt:2: image public\/logo\.svg is outside the project/);
  });

  it("refuses an image in a Markdown slide that leaves the project", async () => {
    const { root } = project("  SLIDE: Md\n  > file: slides/x.md\n", {
      "slides/x.md": "Text.\n\n![secret](../../outside-secret.svg)\n",
    });
    expect(await buildError(root)).toMatch(
      /slides\/x\.md:3: image \.\.\/\.\.\/outside-secret\.svg is outside the project/,
    );
  });

  it("still publishes an image inside the project", async () => {
    const { root } = project('  SLIDE: Fine\n  > image: pictures/ok.svg "fine"\n', { "pictures/ok.svg": "<svg/>" });
    const talk = await buildTalk({ root, file: "talk.txt", assetPrefix: "../", charts: noCharts });
    expect(talk.slides[0]!.html).toContain("data:image/svg+xml;base64,");
    expect(readFileSync(join(root, "pictures/ok.svg"), "utf8")).toBe("<svg/>");
  });
});

describe("Markdown slides cannot inject code", () => {
  const md = (text: string) => project("  SLIDE: Md\n  > file: slides/x.md\n", { "slides/x.md": text }).root;

  it("rejects a javascript: link at its line", async () => {
    const msg = await buildError(md("Fine.\n\n[click me](javascript:alert(1))\n"));
    expect(msg).toMatch(/slides\/x\.md:3: the URL "javascript:alert\(1\)" on <a> is not allowed/);
    expect(msg).toMatch(/in the visual of .*talk\.txt:2/);
    expect(msg).toMatch(/hint: links may only use http:, https:, mailto: or a relative path/);
  });

  it("rejects a disguised scheme (java<TAB>script:) and a data: link", async () => {
    // Browsers drop tabs inside a scheme; Markdown would percent-encode it, raw HTML does not.
    expect(await buildError(md('<a href="java&#x09;script:alert(1)">x</a>\n'))).toMatch(/slides\/x\.md:1: the URL/);
    expect(await buildError(md('<a href="data:text/html,<script>alert(1)</script>">x</a>\n'))).toMatch(
      /slides\/x\.md:1: the URL "data:text\/html/,
    );
  });

  it("rejects <script> and event-handler attributes in raw HTML", async () => {
    expect(await buildError(md("Text.\n\n<script>alert(1)</script>\n"))).toMatch(
      /slides\/x\.md:3: raw HTML <script> is not allowed/,
    );
    expect(await buildError(md('<img src="x.png" onerror="alert(1)" alt="x">\n'))).toMatch(
      /slides\/x\.md:1: the event handler attribute onerror on <img> is not allowed/,
    );
  });

  it("keeps harmless raw HTML and http(s), mailto and relative links", async () => {
    const { root } = project("  SLIDE: Md\n  > file: slides/x.md\n", {
      "slides/x.md":
        "Press <kbd>B</kbd>.\n\n[site](https://example.org) [mail](mailto:a@example.org) [paper](../paper/index.html)\n",
    });
    const html = (await buildTalk({ root, file: "talk.txt", assetPrefix: "../", charts: noCharts })).slides[0]!.html;
    expect(html).toContain("<kbd>B</kbd>");
    expect(html).toContain('href="https://example.org"');
    expect(html).toContain('href="mailto:a@example.org"');
    expect(html).toContain('href="../paper/index.html"');
  });
});

describe("clear errors", () => {
  it("names an unclosed front matter instead of an unknown key SLIDE", () => {
    for (const text of ["---\n", "---\ntitle: x\n", "---\ntitle: x\n\n  SLIDE: A\n\nNotes.\n"]) {
      let error: unknown;
      try {
        parseTalk(text, "t.txt");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TalkError);
      expect((error as Error).message).toMatch(/^t\.txt:1: unclosed front matter/);
      expect((error as Error).message).not.toMatch(/unknown front matter key/);
    }
  });

  it("says when the closing --- comes after the first cue", () => {
    expect(() => parseTalk("---\ntitle: x\n  SLIDE: A\n---\n", "t.txt")).toThrow(
      /^t\.txt:1: the front matter opened here is not closed before the first cue \(line 3\)/,
    );
  });
});
