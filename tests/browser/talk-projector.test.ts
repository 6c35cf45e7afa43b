/**
 * Clicker and projector hazards, in real Chromium: the click that focuses the audience window
 * does not advance it, a new tab without a hash does not pull the presenter back to slide 1,
 * `#%` in the URL does not break the deck, B and . black the screen, F goes fullscreen, ?
 * shows the keys, long swipes cannot navigate the browser back, the overview works from the
 * keyboard, and every page has one h1.
 */
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { browserSkipReason, useChromium } from "../support/browser.ts";

const skip = browserSkipReason();

describe.skipIf(skip)("the deck on a projector", () => {
  const chromium = useChromium();
  let context: BrowserContext;

  async function open(path: string, ctx?: BrowserContext): Promise<{ page: Page; errors: string[] }> {
    context = ctx ?? (await chromium.browser.newContext({ viewport: { width: 1280, height: 720 } }));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(chromium.server.url + path);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
    return { page, errors };
  }
  const hashOf = (page: Page) => page.evaluate(() => location.hash);
  const hashIs = (page: Page, hash: string) => page.waitForFunction((h) => location.hash === h, hash);

  it("does not advance on the click that gives the window focus", async () => {
    // Slides 3 and 4 have no steps: a click that counts moves one slide.
    const { page } = await open("talk/#/3");
    await page.evaluate(() => dispatchEvent(new Event("blur"))); // the speaker was in another window
    await page.mouse.click(900, 360);
    expect(await hashOf(page)).toBe("#/3");
    await page.mouse.click(900, 360);
    expect(await hashOf(page)).toBe("#/4");
    // The same when the focus arrives just before the press (the order some systems use).
    await page.evaluate(() => {
      dispatchEvent(new Event("blur"));
      dispatchEvent(new Event("focus"));
    });
    await page.mouse.click(900, 360);
    expect(await hashOf(page)).toBe("#/4");
    await context.close();
  });

  it("shows a slide for `#%` and other broken escapes instead of throwing", async () => {
    for (const hash of ["#%", "#%E0%A4%A", "#/%"]) {
      const { page, errors } = await open(`talk/${hash}`);
      expect(errors, hash).toEqual([]);
      expect(await page.locator("#deck .slide.current").count(), hash).toBe(1);
      await page.keyboard.press("ArrowRight");
      expect(await hashOf(page), hash).toBe("#/2");
      await context.close();
    }
  });

  it("a new deck tab without a hash joins the talk instead of pulling the presenter to slide 1", async () => {
    const { page: deck } = await open("talk/#/5");
    const presenter = await context.newPage();
    await presenter.goto(`${chromium.server.url}talk/presenter/#/5`);
    await presenter.waitForFunction(() => document.documentElement.dataset.ready === "1");
    await deck.keyboard.press("End"); // a navigation, so the other windows know where the talk is
    const last = await hashOf(deck);
    await hashIs(presenter, last);

    const second = await context.newPage();
    await second.goto(`${chromium.server.url}talk/`);
    await second.waitForFunction(() => document.documentElement.dataset.ready === "1");
    expect(await hashOf(second)).toBe(last); // it opened where the talk is
    // …and told nobody to move: the shared last position (written synchronously by every send)
    // is still the deck's, and the other windows stay put.
    const shared = await second.evaluate(() =>
      Object.entries(localStorage)
        .filter(([k]) => k.startsWith("boot-talk:slide:"))
        .map(([, v]) => (JSON.parse(v) as { n: number }).n + 1),
    );
    expect(shared.map((n) => `#/${n}`)).toEqual([last]);
    expect(await hashOf(presenter)).toBe(last);
    expect(await hashOf(deck)).toBe(last);
    await context.close();
  });

  it("blacks out with B and with . (clickers), and the next press only brings the slide back", async () => {
    const { page } = await open("talk/#/3");
    // What covers the middle of the screen: the slide, or the black layer over everything.
    const black = () =>
      page.evaluate(() => {
        const cover = getComputedStyle(document.body, "::after");
        return {
          on: document.documentElement.classList.contains("blackout"),
          slide: cover.content !== "none" && cover.position === "fixed" ? "covered" : "visible",
          background: cover.content !== "none" ? cover.backgroundColor : "",
        };
      });
    await page.keyboard.press("b");
    expect(await black()).toEqual({ on: true, slide: "covered", background: "rgb(0, 0, 0)" });
    expect(await page.screenshot({ clip: { x: 600, y: 300, width: 80, height: 80 } })).toEqual(
      await page.screenshot({ clip: { x: 0, y: 0, width: 80, height: 80 } }),
    );
    await page.keyboard.press("b");
    expect((await black()).on).toBe(false);
    await page.keyboard.press(".");
    expect((await black()).on).toBe(true);
    await page.keyboard.press("PageDown");
    expect(await black()).toMatchObject({ on: false, slide: "visible" });
    expect(await hashOf(page)).toBe("#/3");
    await context.close();
  });

  it("blacks out the audience screen from the presenter view too", async () => {
    const { page: deck } = await open("talk/#/3");
    const presenter = await context.newPage();
    await presenter.goto(`${chromium.server.url}talk/presenter/#/3`);
    await presenter.waitForFunction(() => document.documentElement.dataset.ready === "1");
    await presenter.keyboard.press("b");
    await deck.waitForFunction(() => document.documentElement.classList.contains("blackout"));
    expect(await presenter.locator("#black").isVisible()).toBe(true);
    await deck.keyboard.press("b");
    await presenter.locator("#black").waitFor({ state: "hidden" });
    await context.close();
  });

  it("toggles fullscreen with F", async () => {
    const { page } = await open("talk/#/2");
    await page.keyboard.press("f");
    await page.waitForFunction(() => document.fullscreenElement === document.documentElement);
    await page.keyboard.press("f");
    await page.waitForFunction(() => document.fullscreenElement === null);
    expect(await hashOf(page)).toBe("#/2");
    await context.close();
  });

  it("shows the keys on ?, and keys pressed there do not move the slides", async () => {
    const { page } = await open("talk/#/3");
    await page.keyboard.press("?");
    const help = page.locator("dialog.key-help");
    expect(await help.isVisible()).toBe(true);
    expect(await help.textContent()).toMatch(/black screen.*full screen/s);
    await page.keyboard.press("ArrowRight");
    expect(await hashOf(page)).toBe("#/3");
    await page.keyboard.press("Escape");
    expect(await help.isVisible()).toBe(false);
    expect(await page.locator("#deck.overview").count()).toBe(0); // Esc closed the help, not opened the overview
    await context.close();
  });

  it("keeps long swipes from navigating the browser back (no overscroll)", async () => {
    const { page } = await open("talk/");
    const styles = await page.evaluate(() => ({
      html: getComputedStyle(document.documentElement).overscrollBehaviorX,
      body: getComputedStyle(document.body).overscrollBehaviorX,
      deck: getComputedStyle(document.getElementById("deck")!).touchAction,
    }));
    expect(styles).toEqual({ html: "none", body: "none", deck: "pan-y pinch-zoom" });
    await context.close();
  });

  it("reaches every slide of the overview with Tab, and Enter opens it", async () => {
    const { page } = await open("talk/#/2");
    await page.keyboard.press("o");
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.title)).toBe(
      await page.locator("#deck .slide").nth(1).getAttribute("data-title"),
    );
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect(await page.locator("#deck.overview").count()).toBe(0);
    expect(await hashOf(page)).toBe("#/4");
    await context.close();
  });

  it("has exactly one h1 on every page", async () => {
    for (const path of ["", "talk/", "talk/presenter/", "talk/read/", "paper/"]) {
      context = await chromium.browser.newContext();
      const page = await context.newPage();
      await page.goto(chromium.server.url + path);
      expect(await page.locator("h1").count(), path || "front page").toBe(1);
      await context.close();
    }
  });
});
