/** npm run pdf against the built site: one PDF page per slide, a handout, a clear error without Chromium. */
import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { countPdfPages, exportPdfs } from "../../scripts/pdf.ts";
import { browserSkipReason, distDir, launchChromium, serveStatic } from "../support/browser.ts";

const skip = browserSkipReason();
const root = resolve(import.meta.dirname, "../..");

describe.skipIf(skip)("npm run pdf", () => {
  it("prints the deck with one 16:9 page per slide, and the handout", async () => {
    const out = mkdtempSync(join(tmpdir(), "talk-pdf-"));
    await exportPdfs({ dist: distDir(), outDir: out, timeoutMs: 60_000 });
    const html = await readFile(join(distDir(), "talk/index.html"), "utf8");
    // Every slide, the opening one in the page and the others from talk/later-slides.js.
    const slides = /<meta name="boot-talk-slides" content="([^"]*)"/.exec(html)![1]!.split(" ").length;
    expect(slides).toBeGreaterThan(2);
    expect(html.match(/<section class="slide /g)).toHaveLength(1);

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

describe.skipIf(skip)("what the PDF and the read view show", () => {
  it("prints every slide in its final state, whatever step the deck is on", async () => {
    const server = await serveStatic();
    const browser = await launchChromium();
    try {
      // The same page, viewport and media the PDF export uses, left on a slide's first step.
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${server.url}talk/#/2`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
      const state = () =>
        page.evaluate(() => ({
          hiddenSteps: [...document.querySelectorAll("[data-step]")].filter(
            (e) => getComputedStyle(e).visibility !== "visible" || getComputedStyle(e).opacity !== "1",
          ).length,
          dimmedLines: [...document.querySelectorAll(".line")].filter((e) => getComputedStyle(e).opacity !== "1")
            .length,
        }));
      expect((await state()).hiddenSteps).toBeGreaterThan(0); // on screen, later steps are hidden
      await page.keyboard.press("End");
      await page.keyboard.type("8");
      await page.keyboard.press("Enter"); // the code slide, whose first step dims some lines
      await page.keyboard.press("ArrowRight");
      await page.waitForFunction(() => document.querySelector(".slide.current .line.dim")); // marked…
      await expect.poll(async () => (await state()).dimmedLines).toBeGreaterThan(0); // …and faded in
      await page.emulateMedia({ media: "print" });
      expect(await state()).toEqual({ hiddenSteps: 0, dimmedLines: 0 });

      // The read view (and so the handout) shows everything, on screen and in print.
      await page.emulateMedia({ media: "screen" });
      await page.goto(`${server.url}talk/read/`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
      expect(await page.locator("[data-step]").count()).toBeGreaterThan(0);
      expect(await state()).toEqual({ hiddenSteps: 0, dimmedLines: 0 });
    } finally {
      await browser.close();
      await server.close();
    }
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
