/**
 * What the audience sees, measured in real Chromium: every slide's content fits its slide
 * (scaled down to a legibility floor at most, never clipped or drawn over the title) at 1280×720,
 * 1920×1080 and in print; content that cannot fit is reported with the slide's file:line; and
 * chart text stays readable against its slide when the OS is in dark mode.
 */
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { browserSkipReason, launchChromium, serveStatic } from "../support/browser.ts";
import { FIXTURE_TALK, fixtureSite } from "./talk-fixture.ts";

const skip = browserSkipReason();
const SIZES = [
  [1280, 720],
  [1920, 1080],
] as const;

interface SlideFit {
  source: string;
  overflow: boolean;
  fit: number;
  /** Content taller or wider than the visual's box, in px. */
  spill: number;
  /** The visual starts above the title's bottom edge (content drawn over the title). */
  overTitle: boolean;
  /** The smallest text in the visual, as a fraction of the slide's height. */
  minText: number;
}

/** Measures the slides matching `selector` (in whatever media the page currently emulates). */
function measureNow(page: Page, selector = ".slide"): Promise<SlideFit[]> {
  return page.locator(selector).evaluateAll((slides) =>
    slides.map((el) => {
      const slide = el as HTMLElement;
      const visual = slide.querySelector<HTMLElement>(".visual");
      const title = slide.querySelector(".slide-title");
      let minText = 1;
      for (const t of visual?.querySelectorAll("li, p, td, th, code, span.line") ?? [])
        minText = Math.min(minText, parseFloat(getComputedStyle(t).fontSize) / slide.offsetHeight);
      return {
        source: slide.dataset.source ?? "",
        overflow: slide.dataset.overflow === "1",
        fit: Number(visual?.style.getPropertyValue("--fit") || 1),
        spill: visual
          ? Math.max(visual.scrollHeight - visual.clientHeight, visual.scrollWidth - visual.clientWidth, 0)
          : 0,
        overTitle: !!visual && !!title && visual.getBoundingClientRect().top < title.getBoundingClientRect().bottom - 1,
        minText,
      };
    }),
  );
}

/**
 * Measures every slide. The deck lays out only the slide it shows (the others are skipped until
 * shown), so on screen it is walked slide by slide; in print, and in the read view, all show.
 */
async function measure(page: Page): Promise<SlideFit[]> {
  const deck = await page.locator("#deck").count();
  const print = await page.evaluate(() => matchMedia("print").matches);
  if (!deck || print) return measureNow(page);
  const out: SlideFit[] = [];
  const count = await page.locator("#deck .slide").count();
  for (let n = 1; n <= count; n++) {
    await page.evaluate((h) => (location.hash = h), `#/${n}`);
    await page.waitForFunction(
      (i) => document.querySelectorAll("#deck .slide")[i]?.classList.contains("current"),
      n - 1,
    );
    out.push(...(await measureNow(page, "#deck .slide.current")));
  }
  return out;
}

const ready = (page: Page) => page.waitForFunction(() => document.documentElement.dataset.ready === "1");
/** Switches media and lets the page refit (it listens for the change) before measuring. */
async function setMedia(page: Page, media: "screen" | "print"): Promise<void> {
  await page.emulateMedia({ media });
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

describe.skipIf(skip)("slides fit, in Chromium", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let fixture: Awaited<ReturnType<typeof serveStatic>>;
  let fixtureDir: string;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await serveStatic();
    fixtureDir = await fixtureSite();
    fixture = await serveStatic(fixtureDir, "/sub/path/");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fixture?.close();
  });

  it.each(SIZES)("the shipped talk: no slide overflows at %ix%i, on screen and in print", async (width, height) => {
    for (const path of ["talk/", "talk/read/"]) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      await page.goto(server.url + path);
      await ready(page);
      for (const media of ["screen", "print"] as const) {
        await setMedia(page, media);
        const bad = (await measure(page)).filter((s) => s.overflow || s.spill > 1 || s.overTitle);
        expect(bad.map((s) => `${s.source} (${media}, ${path})`)).toEqual([]);
      }
      await context.close();
    }
  });

  it.each(SIZES)(
    "too much content is scaled down to fit, and below the floor reported at file:line (%ix%i)",
    async (width, height) => {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      const warnings: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "warning") warnings.push(m.text());
      });
      await page.goto(`${fixture.url}talk/`);
      await ready(page);
      for (const media of ["screen", "print"] as const) {
        await setMedia(page, media);
        const [twelve, code, markdown, longCode, tooMuch, end] = await measure(page);
        for (const s of [twelve!, code!, markdown!]) {
          expect(s.overflow, s.source).toBe(false);
          expect(s.fit, s.source).toBeLessThan(1); // it had to shrink…
          expect(s.spill, s.source).toBeLessThanOrEqual(1); // …and now fits
          expect(s.overTitle, s.source).toBe(false);
          expect(s.minText, s.source).toBeGreaterThanOrEqual(0.024); // ≈2.5% of the slide height
        }
        expect(end).toMatchObject({ overflow: false, fit: 1 });
        // 25 lines of code or 60 bullets cannot be legible on one slide: flagged, with where they are
        // written, and still never drawn over the title.
        for (const [s, line] of [
          [longCode!, 42],
          [tooMuch!, 70],
        ] as const) {
          expect(s).toMatchObject({ overflow: true, source: `${FIXTURE_TALK}:${line}`, overTitle: false });
        }
      }
      expect(warnings.filter((w) => w.includes("does not fit even at the smallest legible size"))).toEqual([
        `${FIXTURE_TALK}:42: the slide's content does not fit even at the smallest legible size`,
        `${FIXTURE_TALK}:70: the slide's content does not fit even at the smallest legible size`,
      ]);
      await context.close();
    },
  );

  it("an overfull opening slide is already fitted when it is first painted", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    // Read the slide's fit when its first paint is reported (before the deck's script takes over).
    await page.addInitScript(() => {
      new PerformanceObserver((list, observer) => {
        if (!list.getEntriesByName("boot-talk:first-slide").length) return;
        const visual = document.querySelector<HTMLElement>("#deck > .slide .visual");
        (window as unknown as { fitWhenPainted: string }).fitWhenPainted =
          visual?.style.getPropertyValue("--fit") ?? "";
        observer.disconnect();
      }).observe({ type: "mark" });
    });
    await page.goto(`${fixture.url}talk/`);
    await ready(page);
    const fit = await page.evaluate(() => (window as unknown as { fitWhenPainted?: string }).fitWhenPainted);
    expect(Number(fit)).toBeGreaterThan(0.3); // the twelve bullets of the fixture's first slide, shrunk
    expect(Number(fit)).toBeLessThan(1);
    await context.close();
  });

  it("a Markdown slide's images resolve next to its file and show under a sub-path and from file://; its table is styled", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    for (const url of [`${fixture.url}talk/#/3`, `${pathToFileURL(join(fixtureDir, "talk/index.html")).href}#/3`]) {
      await page.goto(url);
      await ready(page);
      const images = await page
        .locator(".slide.current .markdown img")
        .evaluateAll((imgs) => imgs.map((i) => [(i as HTMLImageElement).alt, (i as HTMLImageElement).naturalWidth]));
      expect(images, url).toEqual([
        ["A square from the fixture", 120],
        ["The site's own mark", 64],
      ]);
    }
    const cell = await page
      .locator(".slide.current .markdown td")
      .first()
      .evaluate((td) => getComputedStyle(td).borderBottomStyle + " " + getComputedStyle(td).paddingLeft);
    expect(cell).toMatch(/^solid [1-9]/);
    const numeric = await page
      .locator(".slide.current .markdown td[align=right]")
      .first()
      .evaluate((td) => getComputedStyle(td).textAlign);
    expect(numeric).toBe("right");
    await context.close();
  });
});

/** WCAG contrast of two CSS rgb()/rgba() colours, the first blended over the second. */
function contrast(fg: string, bg: string): number {
  const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const [r1, g1, b1, a1 = 1] = parse(fg);
  const [r2, g2, b2] = parse(bg);
  const blend = [r1! * a1 + r2! * (1 - a1), g1! * a1 + g2! * (1 - a1), b1! * a1 + b2! * (1 - a1)];
  const lum = ([r, g, b]: number[]) => {
    const ch = (v: number) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * ch(r!) + 0.7152 * ch(g!) + 0.0722 * ch(b!);
  };
  const [hi, lo] = [lum(blend), lum([r2!, g2!, b2!])].sort((a, b) => b - a);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe.skipIf(skip)("charts agree with their slide in dark mode", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  beforeAll(async () => {
    browser = await launchChromium();
    server = await serveStatic();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(["dark", "light"] as const)(
    "chart text has a contrast of at least 4.5:1 against its slide with the OS in %s mode",
    async (colorScheme) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme });
      for (const path of ["talk/", "talk/presenter/", "talk/read/"]) {
        const page = await context.newPage();
        await page.goto(server.url + path);
        await ready(page);
        // Every text of every chart on the page, with the computed colours it is painted in.
        const texts = await page.locator(".slide svg.bt-chart text").evaluateAll((els) =>
          els
            .filter((t) => (t.textContent ?? "").trim() !== "")
            .map((t) => {
              const style = getComputedStyle(t);
              const opacity = Number(style.fillOpacity) * Number(style.opacity);
              return {
                text: (t.textContent ?? "").slice(0, 40),
                fill: style.fill.replace(/^rgb\((.*)\)$/, `rgba($1, ${opacity})`),
                slide: getComputedStyle(t.closest(".slide")!).backgroundColor,
              };
            }),
        );
        expect(texts.length, path).toBeGreaterThan(20);
        const poor = texts
          .map((t) => ({ ...t, ratio: contrast(t.fill, t.slide) }))
          .filter((t) => !(t.ratio >= 4.5))
          .map((t) => `${t.text}: ${t.fill} on ${t.slide} = ${t.ratio.toFixed(2)}:1`);
        expect(poor, `${path} (${colorScheme})`).toEqual([]);
        await page.close();
      }
      await context.close();
    },
  );
});
