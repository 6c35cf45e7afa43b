/**
 * The built site's charts where people look at them, in the system Chromium: on every slide of
 * the deck at 1280 × 720 chart text is at least 2.5% of the slide height (18 px), and in a
 * light or dark browser every chart label keeps a contrast of at least 4.5:1 against the
 * surface it is drawn on (the always-light slide, the paper in its light and dark themes).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSkipReason, useChromium } from "../../tests/support/browser.ts";
import { textContrasts, type TextContrast } from "../../tests/support/contrast.ts";

/** Chart text, measured where it is drawn (tests/support/contrast.ts). */
const CHART_TEXT = "svg.bt-chart text";

const SLIDE = { width: 1280, height: 720 };
const MIN_TEXT_PX = 0.025 * SLIDE.height;
const MIN_CONTRAST = 4.5;

const reason = browserSkipReason();

describe.skipIf(reason !== null)("charts on the built pages", () => {
  const chromium = useChromium();

  async function open(path: string, colorScheme: "light" | "dark"): Promise<Page> {
    const page = await chromium.browser.newPage({ viewport: SLIDE, colorScheme });
    await page.goto(chromium.server.url + path);
    // The talk's pages and the paper say when they are complete (fonts in, the deck's later slides inserted).
    if (path) await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
    else await page.evaluate(() => document.fonts.ready);
    return page;
  }

  /** Every slide with a chart, shown one at a time as the audience sees it. */
  async function slideCharts(colorScheme: "light" | "dark") {
    const page = await open("talk/", colorScheme);
    const numbers = await page.evaluate(() =>
      [...document.querySelectorAll("#deck .slide")].flatMap((s, i) =>
        s.querySelector("svg.bt-chart") ? [i + 1] : [],
      ),
    );
    const slides: Array<{ number: number; texts: TextContrast[] }> = [];
    for (const number of numbers) {
      await page.evaluate((n) => (location.hash = `#/${n}`), number);
      await page.waitForFunction(
        (n) => document.querySelectorAll("#deck .slide")[n - 1]?.classList.contains("current"),
        number,
      );
      slides.push({
        number,
        texts: await textContrasts(page, { root: `#deck > .slide:nth-child(${number})`, selector: CHART_TEXT }),
      });
    }
    await page.close();
    return slides;
  }

  it("shows chart text on slides at 2.5% of the slide height or more (1280 × 720)", async () => {
    const slides = await slideCharts("light");
    expect(slides.length).toBeGreaterThan(0);
    const small = slides.flatMap(({ number, texts }) =>
      texts.filter((t) => t.px < MIN_TEXT_PX).map((t) => `slide ${number}: "${t.text}" at ${t.px.toFixed(1)} px`),
    );
    expect(small, `chart text under ${MIN_TEXT_PX} px`).toEqual([]);
  });

  for (const scheme of ["light", "dark"] as const) {
    it(`keeps slide chart text legible against the slide in a ${scheme}-mode browser`, async () => {
      const faint = (await slideCharts(scheme)).flatMap(({ number, texts }) =>
        texts
          .filter((t) => t.contrast < MIN_CONTRAST)
          .map((t) => `slide ${number}: "${t.text}" contrast ${t.contrast.toFixed(2)}`),
      );
      expect(faint).toEqual([]);
    });

    it(`keeps paper chart text legible against the paper in a ${scheme}-mode browser, and with the toggle`, async () => {
      const page = await open("paper/", scheme);
      const check = async (label: string) => {
        const texts = await textContrasts(page, { selector: CHART_TEXT });
        expect(texts.length, label).toBeGreaterThan(0);
        expect(
          texts.filter((t) => t.contrast < MIN_CONTRAST).map((t) => `${label}: "${t.text}" ${t.contrast.toFixed(2)}`),
        ).toEqual([]);
        return texts;
      };
      await check(`${scheme} browser`);
      // The reader's toggle overrides the browser: the other theme must be legible too.
      await page.evaluate((s) => (document.documentElement.dataset.theme = s === "dark" ? "light" : "dark"), scheme);
      await check(`${scheme} browser, toggled`);
      await page.close();
    });
  }
});
