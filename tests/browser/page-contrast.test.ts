/**
 * Every page of the built site is legible in a light and in a dark browser: each visible text
 * (links, labels, notes, chart text) keeps WCAG AA contrast (4.5:1, 3:1 for large text) against
 * the background it is drawn on. Pages with a fixed surface (the deck and read view are always
 * light, the presenter always dark) must not pick up the OS's colours for part of their text,
 * and the paper's theme toggle and its print layout recolour everything, not only the body.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSkipReason, useChromium } from "../support/browser.ts";
import { belowAA, textContrasts } from "../support/contrast.ts";

const skip = browserSkipReason();

const PAGES = [
  ["the front page", ""],
  ["the paper", "paper/"],
  ["the deck, opening slide", "talk/"],
  ["the deck, a chart slide", "talk/#/14"],
  ["the presenter view", "talk/presenter/"],
  ["the read view", "talk/read/"],
] as const;

describe.skipIf(skip)("text contrast on every page", () => {
  const chromium = useChromium();

  async function open(path: string, colorScheme: "light" | "dark"): Promise<Page> {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme });
    await page.goto(chromium.server.url + path);
    // The talk's pages and the paper say when they are complete (fonts in, the deck's later slides inserted).
    if (path) await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
    else await page.evaluate(() => document.fonts.ready);
    return page;
  }

  for (const scheme of ["light", "dark"] as const) {
    it.each(PAGES)(`keeps every text of %s at WCAG AA in a ${scheme} browser`, async (_, path) => {
      const page = await open(path, scheme);
      const texts = await textContrasts(page);
      expect(texts.length).toBeGreaterThan(0);
      expect(belowAA(texts)).toEqual([]);
      await page.close();
    });

    it(`recolours the whole paper with its toggle in a ${scheme} browser, and prints it light`, async () => {
      const page = await open("paper/", scheme);
      const colours = () =>
        page.evaluate(() => ({
          page: getComputedStyle(document.body).backgroundColor,
          root: getComputedStyle(document.documentElement).backgroundColor,
          // A link styled by the site-wide rule only (global.css), not the paper's own.
          siteLink: (() => {
            const a = document.createElement("a");
            document.documentElement.append(a);
            const colour = getComputedStyle(a).color;
            a.remove();
            return colour;
          })(),
        }));
      const light = { page: "rgb(255, 253, 249)", root: "rgb(255, 253, 249)", siteLink: "rgb(31, 111, 235)" };
      const dark = { page: "rgb(20, 23, 28)", root: "rgb(20, 23, 28)", siteLink: "rgb(88, 166, 255)" };
      expect(await colours()).toEqual(scheme === "dark" ? dark : light);
      const other = scheme === "dark" ? "light" : "dark";
      await page.evaluate((theme) => (document.documentElement.dataset.theme = theme), other);
      expect(await colours()).toEqual(other === "dark" ? dark : light);
      expect(belowAA(await textContrasts(page))).toEqual([]);
      // Printed with the dark theme chosen: black on white (the print layout's own colours).
      await page.evaluate(() => (document.documentElement.dataset.theme = "dark"));
      await page.emulateMedia({ media: "print" });
      expect((await colours()).page).toBe("rgb(255, 255, 255)");
      expect(belowAA(await textContrasts(page))).toEqual([]);
      await page.close();
    });
  }
});
