/**
 * The talk pages in real Chromium: deck navigation and URLs, the overview, the presenter view
 * kept in step with the deck in both directions (also across reloads), the no-JS fallback,
 * sub-path and file:// use, and the allcenter promise for every image and chart.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page, Route } from "playwright-core";
import { browserSkipReason, distDir, serveStatic, useChromium } from "../support/browser.ts";
import { FONT_FILES, FONTS_DIR, fontkitModule, type ShippedWeight } from "../../src/charts/fonts.ts";

const skip = browserSkipReason();

const fontkit = fontkitModule();

describe.skipIf(skip)("the talk in Chromium", () => {
  const chromium = useChromium();
  let context: BrowserContext;

  /** Opens a page and waits for the talk's ready signal. */
  async function open(path: string, ctx?: BrowserContext): Promise<Page> {
    context = ctx ?? (await chromium.browser.newContext({ viewport: { width: 1280, height: 720 } }));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(chromium.server.url + path);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
    expect(errors).toEqual([]);
    return page;
  }

  const currentTitle = (page: Page, root = "#deck") =>
    page.locator(`${root} .slide.current`).getAttribute("data-title");
  const slideTitles = (page: Page) =>
    page.locator("#deck .slide").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.title ?? ""));
  // Read from the page itself: page.url() learns of history.replaceState a moment later.
  const hashOf = (page: Page) => page.evaluate(() => location.hash);
  const hashIs = (page: Page, hash: string) => page.waitForFunction((h) => location.hash === h, hash);

  const stepCounts = (page: Page) =>
    page.locator("#deck .slide").evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.steps ?? 0)));
  /** The URL of every press through the talk: each step of each slide in turn. */
  const walk = (steps: number[]) =>
    steps.flatMap((s, i) => Array.from({ length: s + 1 }, (_, k) => (k ? `#/${i + 1}/${k + 1}` : `#/${i + 1}`)));

  it("moves with the keys, step by step, names the place in the URL, and reloads onto it", async () => {
    const page = await open("talk/");
    const titles = await slideTitles(page);
    const order = walk(await stepCounts(page));
    expect(titles.length).toBeGreaterThan(3);
    expect(order.length).toBeGreaterThan(titles.length); // the shipped talk reveals some slides step by step
    expect(await currentTitle(page)).toBe(titles[0]);
    expect(await page.locator("#deck .slide.current").isVisible()).toBe(true);

    // Every next key walks the same path: each step, then the next slide.
    const keys = ["ArrowRight", "Space", "PageDown", "ArrowDown"];
    for (let i = 1; i < Math.min(order.length, 12); i++) {
      await page.keyboard.press(keys[i % keys.length]!);
      expect(await hashOf(page)).toBe(order[i]);
    }
    // Back walks it in reverse; going back onto a slide lands on its last step.
    for (let i = Math.min(order.length, 12) - 2; i >= 0; i--) {
      await page.keyboard.press(i % 2 ? "ArrowLeft" : "PageUp");
      expect(await hashOf(page)).toBe(order[i]);
    }
    await page.keyboard.press("End");
    expect(await currentTitle(page)).toBe(titles.at(-1));
    await page.keyboard.press("Home");
    expect(await currentTitle(page)).toBe(titles[0]);

    await page.keyboard.type("3");
    await page.keyboard.press("Enter");
    expect(await currentTitle(page)).toBe(titles[2]);
    expect(await hashOf(page)).toBe("#/3");
    // Only the current slide is visible (once the short fade has finished).
    await expect.poll(() => page.locator("#deck .slide:visible").count()).toBe(1);

    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
    expect(await currentTitle(page)).toBe(titles[2]);

    // A link by slug lands on that slide too.
    const slug = await page.locator("#deck .slide").nth(1).getAttribute("id");
    await page.goto(`${chromium.server.url}talk/#${slug}`);
    await page.reload();
    expect(await currentTitle(page)).toBe(titles[1]);
    await context.close();
  });

  it("shows the opening slide before the deck's script has run, with no other slide parsed yet", async () => {
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    // Serve the deck without its end-of-body script: only the <head> script has run.
    await page.route("**/talk/", async (route) => {
      const body = (await (await route.fetch()).text()).replace(
        /<script>(?:(?!<script>)[\s\S])*<\/script>\s*<\/body>/,
        "</body>",
      );
      await route.fulfill({ body, contentType: "text/html" });
    });
    const requests: string[] = [];
    page.on("request", (r) => void requests.push(r.url()));
    await page.goto(`${chromium.server.url}talk/`);
    expect(await page.locator("#boot-talk-start").count()).toBe(1); // deck.ts would have removed it
    expect(await page.locator("#deck .slide.current").count()).toBe(0);
    // The opening slide is the one slide parsed, and it is shown; the others are still text.
    const first = page.locator("#deck > .slide");
    expect(await first.count()).toBe(1);
    expect(await first.evaluate((e) => getComputedStyle(e).visibility)).toBe("visible");
    const ids = await page.evaluate(() =>
      document.querySelector('meta[name="boot-talk-slides"]')!.getAttribute("content")!.split(" "),
    );
    expect(ids.length).toBeGreaterThan(1);
    // The others are a script beside the page, not yet asked for.
    expect(await page.locator("#deck-later").getAttribute("data-src")).toMatch(/^later-slides\.js\?v=\w+$/);
    expect(requests.filter((url) => url.includes("later-slides"))).toEqual([]);
    // The fonts came with the page: ready before any text was laid out, none fetched.
    const fonts = await page.evaluate(() => [...document.fonts].map((f) => `${f.family} ${f.weight} ${f.status}`));
    expect(fonts).toEqual(["Inter 400 loaded", "Inter 600 loaded"]);
    expect(requests.filter((url) => /\.(woff2?|ttf|otf)$/.test(url))).toEqual([]);
    await context.close();
  });

  it("inserts every later slide, in order, and its embedded fonts have every character it shows", async () => {
    const page = await open("talk/");
    const ids = await page.evaluate(() =>
      document.querySelector('meta[name="boot-talk-slides"]')!.getAttribute("content")!.split(" "),
    );
    expect(await page.locator("#deck > .slide").evaluateAll((els) => els.map((e) => e.id))).toEqual(ids);
    expect(await page.locator("#deck-later").count()).toBe(0);
    expect(await page.locator(".deck-problem").count()).toBe(0);
    // Asked for once the opening slide was on screen, not before.
    const [painted, asked] = await page.evaluate(() => [
      performance.getEntriesByName("boot-talk:first-slide")[0]?.startTime,
      performance.getEntriesByType("resource").find((e) => e.name.includes("later-slides.js"))?.startTime,
    ]);
    expect(painted).toBeGreaterThan(0);
    expect(asked).toBeGreaterThanOrEqual(painted!);
    await page.keyboard.press("?"); // the key help: text the script adds
    const text = await page.evaluate(() => document.body.textContent ?? "");
    const faces = JSON.parse(await page.locator("#bt-fonts").evaluate((e) => e.textContent ?? "")) as Array<{
      weight: number;
      woff2: string;
    }>;
    expect(faces.map((f) => f.weight)).toEqual([400, 600]);
    // Characters the shipped font lacks (e.g. arrows) fall back to a system font, with or without subsetting.
    const shown = [...new Set(text.replace(/\s/g, ""))].map((c) => c.codePointAt(0)!);
    for (const face of faces) {
      const subset = fontkit.create(Buffer.from(face.woff2, "base64"));
      const full = fontkit.create(readFileSync(join(FONTS_DIR, FONT_FILES[face.weight as ShippedWeight])));
      const lost = shown.filter((c) => full.hasGlyphForCodePoint(c) && !subset.hasGlyphForCodePoint(c));
      expect(
        lost.map((c) => String.fromCodePoint(c)),
        `weight ${face.weight}`,
      ).toEqual([]);
      expect(shown.filter((c) => subset.hasGlyphForCodePoint(c)).length).toBeGreaterThan(60);
    }
    await context.close();
  });

  it("runs with the slides it has, and says so, when the later slides are missing or from another build", async () => {
    for (const [name, serve] of [
      ["missing", (route: Route) => route.fulfill({ status: 404, body: "" })],
      [
        "another build",
        async (route: Route) =>
          route.fulfill({
            contentType: "text/javascript",
            body: (await (await route.fetch()).text()).replace(/^(bootTalkLaterSlides\(")\w+/m, "$1000000000000"),
          }),
      ],
    ] as const) {
      context = await chromium.browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.route("**/talk/later-slides.js*", serve);
      await page.goto(`${chromium.server.url}talk/`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
      expect(await page.locator("#deck .slide").count(), name).toBe(1);
      expect(await currentTitle(page), name).not.toBeNull();
      const problem = page.locator('.deck-problem[role="alert"]');
      expect(await problem.isVisible(), name).toBe(true);
      expect(await problem.textContent(), name).toMatch(
        name === "missing" ? /did not load \(later-slides\.js/ : /another build of this deck/,
      );
      await context.close();
    }
  });

  it("reveals a slide's steps one by one and hides what is still to come", async () => {
    const page = await open("talk/");
    const steps = await stepCounts(page);
    const n = steps.findIndex((s) => s > 0);
    expect(n).toBeGreaterThanOrEqual(0);
    await page.goto(`${chromium.server.url}talk/#/${n + 1}`);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
    const hidden = () =>
      page
        .locator("#deck .slide.current [data-step]")
        .evaluateAll((els) => els.map((e) => getComputedStyle(e).visibility));
    expect((await hidden()).every((v) => v === "hidden")).toBe(true);
    await page.keyboard.press("ArrowRight");
    expect((await hidden())[0]).toBe("visible");
    expect(await hashOf(page)).toBe(`#/${n + 1}/2`);
    await context.close();
  });

  it("moves on a click (left fifth goes back) and on a horizontal swipe", async () => {
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 720 }, hasTouch: true });
    // Slides 3 and 4 have no steps, so each press moves a whole slide.
    const page = await open("talk/#/3", context);
    expect(await stepCounts(page).then((s) => s.slice(2, 4))).toEqual([0, 0]);
    await page.mouse.click(900, 360);
    expect(await hashOf(page)).toBe("#/4");
    await page.mouse.click(100, 360);
    expect(await hashOf(page)).toBe("#/3");
    const swipe = (fromX: number, toX: number) =>
      page.evaluate(
        ([a, b]) => {
          const deck = document.getElementById("deck")!;
          const touch = (x: number) => new Touch({ identifier: 1, target: deck, clientX: x, clientY: 300 });
          deck.dispatchEvent(
            new TouchEvent("touchstart", { changedTouches: [touch(a!)], touches: [touch(a!)], bubbles: true }),
          );
          deck.dispatchEvent(new TouchEvent("touchend", { changedTouches: [touch(b!)], bubbles: true }));
        },
        [fromX, toX],
      );
    await swipe(900, 300);
    expect(await hashOf(page)).toBe("#/4");
    await swipe(300, 900);
    expect(await hashOf(page)).toBe("#/3");
    await context.close();
  });

  it("shows an overview grid on Esc/O, and a click there jumps to that slide", async () => {
    const page = await open("talk/#/2");
    await page.keyboard.press("Escape");
    expect(await page.locator("#deck.overview").count()).toBe(1);
    // Every slide is visible as a thumbnail, several per row.
    const boxes = await page
      .locator("#deck .slide")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes.every((b) => b.width > 100 && b.width < 640)).toBe(true);
    expect(boxes[1]!.y).toBe(boxes[0]!.y);
    await page.locator("#deck .slide").nth(3).click();
    expect(await page.locator("#deck.overview").count()).toBe(0);
    expect(await hashOf(page)).toBe("#/4");
    await page.keyboard.press("o");
    expect(await page.locator("#deck.overview").count()).toBe(1);
    await page.keyboard.press("o");
    expect(await page.locator("#deck.overview").count()).toBe(0);
    await context.close();
  });

  it("keeps the presenter view and the deck in step both ways, also after reloads", async () => {
    const deck = await open("talk/#/3");
    const titles = await slideTitles(deck);
    const order = walk(await stepCounts(deck));
    let at = order.indexOf("#/3");
    const press = async (page: Page, key: string) => {
      await page.keyboard.press(key);
      at += key === "ArrowLeft" ? -1 : 1;
    };
    // P opens the presenter window from the deck, on the deck's slide.
    const [presenter] = await Promise.all([context.waitForEvent("page"), deck.keyboard.press("p")]);
    await presenter.waitForFunction(() => document.documentElement.dataset.ready === "1");
    expect(await currentTitle(presenter, "#current")).toBe(titles[2]);
    expect(await presenter.locator("#notes .slide-notes.current").isVisible()).toBe(true);

    await press(deck, "ArrowRight");
    await hashIs(presenter, order[at]!);
    expect(await currentTitle(presenter, "#current")).toBe(titles[3]);
    expect(await presenter.locator("#next .slide").getAttribute("data-title")).toBe(titles[4]);

    await press(presenter, "ArrowRight");
    await hashIs(deck, order[at]!);
    expect(await currentTitle(deck)).toBe(titles[4]);

    await presenter.reload();
    await presenter.waitForFunction(() => document.documentElement.dataset.ready === "1");
    expect(await currentTitle(presenter, "#current")).toBe(titles[4]);
    await press(presenter, "ArrowRight");
    await hashIs(deck, order[at]!);

    await deck.reload();
    await deck.waitForFunction(() => document.documentElement.dataset.ready === "1");
    expect(await hashOf(deck)).toBe(order[at]);
    await press(deck, "ArrowLeft");
    await hashIs(presenter, order[at]!);
    await presenter.keyboard.press("End");
    await hashIs(deck, `#/${titles.length}`);

    // The presenter shows a timer, started by the first slide change, and a wall clock.
    expect(await presenter.locator("#elapsed").textContent()).toMatch(/^\d+:\d\d$/);
    expect(await presenter.locator("#timer").getAttribute("data-state")).toBe("running");
    expect(await presenter.locator("#clock").textContent()).toMatch(/\d/);
    await context.close();
  });

  it("puts every image and chart of the deck, presenter and read view inside div.allcenter", async () => {
    for (const path of ["talk/", "talk/presenter/", "talk/read/"]) {
      const page = await open(path);
      const stray = await page.evaluate(() =>
        [...document.querySelectorAll("img, svg")]
          .filter((el) => el.getAttribute("aria-hidden") !== "true" && !el.parentElement?.closest("svg"))
          .filter((el) => !el.closest("div.allcenter"))
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(stray, path).toEqual([]);
      await context.close();
    }
  });

  it("shows the opening slide and a way to the read view without JavaScript, and the read view has an anchor per slide", async () => {
    context = await chromium.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${chromium.server.url}talk/`);
    const first = page.locator("#deck .slide");
    expect(await first.count()).toBe(1);
    expect(await first.isVisible()).toBe(true);
    const box = (await first.boundingBox())!;
    expect(Math.abs(box.width / box.height - 16 / 9)).toBeLessThan(0.02);
    const n = Number(/of (\d+):/.exec((await first.getAttribute("aria-label"))!)![1]);
    expect(n).toBeGreaterThan(1);
    const toRead = page.locator(".deck-nojs a");
    expect(await toRead.isVisible()).toBe(true);
    await toRead.click();
    expect(page.url()).toBe(`${chromium.server.url}talk/read/index.html`);

    await page.goto(`${chromium.server.url}talk/read/`);
    const anchors = await page.locator("article.read-slide").evaluateAll((els) => els.map((e) => e.id));
    expect(anchors).toHaveLength(n);
    expect(new Set(anchors).size).toBe(n);
    expect(await page.locator(`article#${anchors[1]} figcaption a`).getAttribute("href")).toBe(`#${anchors[1]}`);
    await context.close();
  });

  it("works under a sub-path and from file://", async () => {
    const sub = await serveStatic(distDir(), "/some/sub/path/");
    try {
      context = await chromium.browser.newContext();
      const page = await context.newPage();
      const failed: string[] = [];
      page.on("requestfailed", (r) => failed.push(r.url()));
      page.on("response", (r) => {
        if (r.status() >= 400 && !r.url().endsWith("favicon.ico")) failed.push(r.url());
      });
      // Slides 3 and 4 have no steps: one press, one slide.
      await page.goto(`${sub.url}talk/#/3`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
      await page.keyboard.press("ArrowRight");
      expect(await hashOf(page)).toBe("#/4");
      expect(failed).toEqual([]);

      await page.goto(`${pathToFileURL(join(distDir(), "talk/index.html")).href}#/2`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
      await page.keyboard.press("End");
      await page.keyboard.press("Home");
      await page.keyboard.type("3");
      await page.keyboard.press("Enter");
      expect(await hashOf(page)).toBe("#/3");
      expect(await page.locator("#deck .slide.current").getAttribute("aria-label")).toMatch(/^Slide 3 of/);

      // The presenter view opens and stays in step from file:// too (no server at all).
      const [presenter] = await Promise.all([context.waitForEvent("page"), page.keyboard.press("p")]);
      await presenter.waitForFunction(() => document.documentElement.dataset.ready === "1");
      expect(await presenter.evaluate(() => location.href)).toMatch(/^file:.*\/talk\/presenter\/index\.html#\/3$/);
      await page.keyboard.press("ArrowRight");
      await hashIs(presenter, "#/4");
      await presenter.keyboard.press("ArrowLeft");
      await hashIs(page, "#/3");
      await context.close();
    } finally {
      await sub.close();
    }
  });
});
