/**
 * The presenter view in real Chromium: the timer (starts on the first slide change, pauses,
 * resumes, resets, forgets yesterday's rehearsal), the notes (most of the window, resizable,
 * scrolled by keys without changing slides, back to the top on a new slide, sized with + and −)
 * and the step count. Time is Playwright's fake clock, so no test waits for real seconds.
 */
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { browserSkipReason, useChromium } from "../support/browser.ts";

const skip = browserSkipReason();
const START = new Date("2026-11-25T09:00:00Z");

describe.skipIf(skip)("the presenter view", () => {
  const chromium = useChromium();
  let context: BrowserContext;

  async function presenter(hash = "#/3", init?: () => void): Promise<Page> {
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.clock.install({ time: START });
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    await page.goto(`${chromium.server.url}talk/presenter/${hash}`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
    return page;
  }
  const timer = async (page: Page) => ({
    state: await page.locator("#timer").getAttribute("data-state"),
    elapsed: await page.locator("#elapsed").textContent(),
  });
  const hashOf = (page: Page) => page.evaluate(() => location.hash);

  it("starts the timer on the first slide change, pauses and resumes with T, resets with R", async () => {
    const page = await presenter();
    expect(await timer(page)).toEqual({ state: "idle", elapsed: "0:00" });
    expect(await page.locator("#pace").textContent()).toMatch(/starts with the first slide change/);
    await context.clock.runFor(90_000); // opening the view early does not count
    expect(await timer(page)).toEqual({ state: "idle", elapsed: "0:00" });

    await page.keyboard.press("ArrowRight");
    expect((await timer(page)).state).toBe("running");
    await context.clock.runFor(65_000);
    expect(await timer(page)).toEqual({ state: "running", elapsed: "1:05" });

    await page.keyboard.press("t");
    await context.clock.runFor(30_000);
    expect(await timer(page)).toEqual({ state: "paused", elapsed: "1:05" });
    expect(await page.locator("#timer-toggle").textContent()).toBe("Resume");
    await page.keyboard.press("t");
    await context.clock.runFor(10_000);
    expect(await timer(page)).toEqual({ state: "running", elapsed: "1:15" });

    await page.keyboard.press("r");
    expect(await timer(page)).toEqual({ state: "idle", elapsed: "0:00" });
    await page.locator("#timer-toggle").click(); // or start it by hand
    await context.clock.runFor(3_000);
    expect(await timer(page)).toEqual({ state: "running", elapsed: "0:03" });
    await page.locator("#timer-reset").click();
    expect(await timer(page)).toEqual({ state: "idle", elapsed: "0:00" });
    await context.close();
  });

  it("keeps a running timer across a reload, but forgets one from a day-old rehearsal", async () => {
    const page = await presenter();
    await page.keyboard.press("ArrowRight");
    await context.clock.runFor(120_000);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
    await context.clock.runFor(1_000);
    expect(await timer(page)).toMatchObject({ state: "running", elapsed: "2:01" });
    await context.close();

    // Yesterday's rehearsal left a timer that was started and last shown 26 hours ago.
    const stale = await presenter("#/3", () => {
      const t = Date.now() - 26 * 3600_000;
      localStorage.setItem(
        `boot-talk:timer:${new URL("..", location.href).pathname}`,
        JSON.stringify({ banked: 0, since: t, seen: t }),
      );
    });
    await context.clock.runFor(1_000);
    expect(await timer(stale)).toEqual({ state: "idle", elapsed: "0:00" });
    expect(await stale.locator("#pace").textContent()).not.toMatch(/behind/);
    await context.close();
  });

  it("gives the notes most of the window and lets the speaker resize the split", async () => {
    const page = await presenter();
    const box = (sel: string) => page.locator(sel).boundingBox();
    const notes = (await box("#notes"))!;
    const slide = (await box("#current .slide.current"))!;
    expect(notes.height).toBeGreaterThan(520); // of 720
    expect(notes.x).toBeGreaterThan(slide.x + slide.width); // beside the slide, not under it
    // Drag the divider to the left: the notes get wider.
    const divider = (await box("#divider"))!;
    await page.mouse.move(divider.x + divider.width / 2, divider.y + 200);
    await page.mouse.down();
    await page.mouse.move(400, divider.y + 200, { steps: 5 });
    await page.mouse.up();
    expect((await box("#notes"))!.width).toBeGreaterThan(notes.width + 200);
    // From the keyboard too, without moving the slides.
    const before = (await box("#notes"))!.width;
    await page.locator("#divider").focus();
    await page.keyboard.press("ArrowRight");
    expect((await box("#notes"))!.width).toBeLessThan(before);
    expect(await hashOf(page)).toBe("#/3");
    await context.close();
  });

  it("scrolls the notes with ↑ ↓ without changing slides, and starts each slide's notes at the top", async () => {
    const page = await presenter("#/10");
    await page.keyboard.press("+"); // bigger notes, so these overflow their column
    await page.keyboard.press("+");
    const scrolled = () => page.locator("#notes").evaluate((n) => n.scrollTop);
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction(() => document.getElementById("notes")!.scrollTop > 0);
    expect(await hashOf(page)).toBe("#/10");
    await page.keyboard.press("ArrowUp");
    await page.waitForFunction(() => document.getElementById("notes")!.scrollTop === 0);
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction(() => document.getElementById("notes")!.scrollTop > 0);
    await page.keyboard.press("PageDown"); // a clicker: the next slide, notes from the top
    expect(await hashOf(page)).toBe("#/11");
    expect(await scrolled()).toBe(0);
    await context.close();
  });

  it("changes the notes' size with + and −, and keeps it", async () => {
    const page = await presenter();
    const size = () => page.locator("#notes").evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
    const start = await size();
    await page.keyboard.press("+");
    expect(await size()).toBeGreaterThan(start);
    await page.keyboard.press("-");
    await page.keyboard.press("-");
    expect(await size()).toBeLessThan(start);
    const kept = await size();
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
    expect(await size()).toBe(kept);
    await context.close();
  });

  it("counts a slide's steps and previews the next step", async () => {
    const page = await presenter("#/2");
    const steps = Number(await page.locator("#current .slide.current").getAttribute("data-steps"));
    expect(steps).toBeGreaterThan(0);
    expect(await page.locator("#step").textContent()).toBe(`step 1 / ${steps + 1}`);
    expect(await page.locator("#next-label").textContent()).toBe("Next step");
    // The preview shows one more item than the current slide.
    const shown = (sel: string) =>
      page
        .locator(`${sel} [data-step]`)
        .evaluateAll((els) => els.filter((e) => !e.classList.contains("step-future")).length);
    expect(await shown("#next .slide")).toBe((await shown("#current .slide.current")) + 1);
    await page.keyboard.press("ArrowRight");
    expect(await page.locator("#step").textContent()).toBe(`step 2 / ${steps + 1}`);
    expect(await hashOf(page)).toBe("#/2/2");
    await context.close();
  });
});
