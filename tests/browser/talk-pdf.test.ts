/** npm run pdf against the built site: one PDF page per slide, a handout, a clear error without Chromium. */
import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { countPdfPages, exportPdfs } from "../../scripts/pdf.ts";
import { browserSkipReason, distDir } from "../support/browser.ts";

const skip = browserSkipReason();
const root = resolve(import.meta.dirname, "../..");

describe.skipIf(skip)("npm run pdf", () => {
  it("prints the deck with one 16:9 page per slide, and the handout", async () => {
    const out = mkdtempSync(join(tmpdir(), "talk-pdf-"));
    await exportPdfs({ dist: distDir(), outDir: out, timeoutMs: 60_000 });
    const html = await readFile(join(distDir(), "talk/index.html"), "utf8");
    const slides = html.match(/<section class="slide /g)?.length ?? 0;
    expect(slides).toBeGreaterThan(2);

    const deck = await readFile(join(out, "talk.pdf"));
    expect(countPdfPages(deck)).toBe(slides);
    // Every page is 16:9: Chromium writes each page's /MediaBox [0 0 w h] in points.
    const boxes = [...deck.toString("latin1").matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
    expect(boxes).toHaveLength(slides);
    for (const [, w, h] of boxes) expect(Number(w) / Number(h)).toBeCloseTo(16 / 9, 2);

    const handout = await readFile(join(out, "talk-handout.pdf"));
    expect(countPdfPages(handout)).toBeGreaterThan(0);
  });
});

describe("npm run pdf without Chromium", () => {
  it("names the package to install", async () => {
    const run = await execa(process.execPath, ["scripts/pdf.ts", "--dist", distDir(), "--out", tmpdir()], {
      cwd: root,
      env: { BOOT_TALK_CHROMIUM: "/nonexistent/chromium" },
      reject: false,
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /^error: Chromium not found at \/nonexistent\/chromium\. Install the Debian\/Ubuntu package "chromium"/,
    );
  });
});
