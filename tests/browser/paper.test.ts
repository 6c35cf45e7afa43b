/**
 * The built /paper/ in real Chromium: every image and chart inside div.allcenter, figure and
 * table captions numbered in order, cross-references pointing at existing figures, citations
 * resolving to the reference list, the contents list linking to real headings, and a print
 * layout on A4. With BOOT_TALK_SCREENSHOTS=DIR it also saves light, dark and print screenshots.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { browserSkipReason, launchChromium, serveStatic } from "../support/browser.ts";

const skip = browserSkipReason();
const shots = process.env.BOOT_TALK_SCREENSHOTS;

describe.skipIf(skip !== null)("/paper/ in Chromium", () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let page: Page;

  beforeAll(async () => {
    server = await serveStatic();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${server.url}paper/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("puts every image and chart inside div.allcenter", async () => {
    const outside = await page.$$eval("img, svg:not([aria-hidden='true'])", (nodes) =>
      nodes
        .filter((n) => !n.parentElement?.closest("svg")) // only outermost SVGs
        .filter((n) => !n.closest("div.allcenter"))
        .map((n) => n.outerHTML.slice(0, 120)),
    );
    const total = await page.$$eval("div.allcenter > img, div.allcenter > svg", (n) => n.length);
    expect(outside).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(3);
  });

  it("numbers figure and table captions in document order", async () => {
    const figures = await page.$$eval("figure.paper-figure > figcaption .caption-label", (n) =>
      n.map((e) => e.textContent),
    );
    const tables = await page.$$eval("figure.paper-table > figcaption .caption-label", (n) =>
      n.map((e) => e.textContent),
    );
    expect(figures.length).toBeGreaterThan(0);
    expect(figures).toEqual(figures.map((_, i) => `Figure ${i + 1}.`));
    expect(tables).toEqual(tables.map((_, i) => `Table ${i + 1}.`));
  });

  it("resolves every cross-reference and citation to an element on the page", async () => {
    const broken = await page.$$eval("a.xref, .citation a, .paper-toc a", (links) =>
      links
        .map((a) => a.getAttribute("href") ?? "")
        .filter((href) => !document.getElementById(decodeURIComponent(href.slice(1)))),
    );
    expect(broken).toEqual([]);
    // a reference's text matches the number in its target's caption
    const pairs = await page.$$eval("a.xref", (links) =>
      links.map((a) => [
        a.textContent,
        document.getElementById(a.getAttribute("href")!.slice(1))?.querySelector(".caption-label")?.textContent,
      ]),
    );
    for (const [text, caption] of pairs) expect(`${text}.`).toBe(caption);
  });

  it("carries scholarly metadata and a cite-this block", async () => {
    const title = await page.getAttribute('meta[name="citation_title"]', "content");
    expect(title).toBeTruthy();
    expect(await page.$$eval('meta[name="citation_author"]', (n) => n.length)).toBeGreaterThan(0);
    expect(await page.textContent(".cite-bibtex")).toContain("@article{");
  });

  it("signals ready for the PDF printer once fonts and images are loaded", async () => {
    await page.waitForFunction(() => document.documentElement.dataset.ready === "1", undefined, { timeout: 10_000 });
  });

  it("follows the theme toggle and lays out for A4 print", async () => {
    await page.click("#theme-toggle");
    const dark = await page.evaluate(() => document.documentElement.dataset.theme);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (shots) {
      await mkdir(shots, { recursive: true });
      await page.screenshot({ path: join(shots, `paper-${dark}.png`), fullPage: true });
    }
    await page.click("#theme-toggle");
    const light = await page.evaluate(() => document.documentElement.dataset.theme);
    const bgLight = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(new Set([dark, light])).toEqual(new Set(["dark", "light"]));
    expect(bg).not.toBe(bgLight);
    if (shots) await page.screenshot({ path: join(shots, `paper-${light}.png`), fullPage: true });

    await page.emulateMedia({ media: "print" });
    const hidden = await page.$eval(".paper-toc", (e) => getComputedStyle(e).display);
    const breakInside = await page.$eval("figure.paper-figure", (e) => getComputedStyle(e).breakInside);
    expect(hidden).toBe("none");
    expect(breakInside).toBe("avoid");
    if (shots) {
      await page.screenshot({ path: join(shots, "paper-print.png"), fullPage: true });
      await page.pdf({ path: join(shots, "paper.pdf"), format: "A4", printBackground: true, preferCSSPageSize: true });
    }
    await page.emulateMedia({ media: "screen" });
  });
});
