/**
 * Notes on the data on every view, in real Chromium, on a site built from scratch records
 * (tests/browser/data-notes-site.ts): one stale run (the story suite), one below the quality
 * gate (a pinned 3-boot kernel-args run) and one KVM run among TCG runs (the analysis). The
 * audience's deck carries a small marker on exactly the slides drawn from them (and none in
 * its PDF), the presenter view, the read view and the handout carry the whole note, the front
 * page lists every note with where it applies, the build log names each once, and the
 * statements about the conditions follow the records.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM_PATH, launchChromium, serveStatic } from "../support/browser.ts";
import {
  dataNotesSite,
  FEW_BOOTS_RUN,
  KVM_RUN,
  removeDataNotesSite,
  STALE_RUN,
  type DataNotesSite,
} from "./data-notes-site.ts";

// This site is built here, so only Chromium is needed (not dist/); in CI a missing one is a failure.
const skip = existsSync(CHROMIUM_PATH)
  ? null
  : `Chromium not found at ${CHROMIUM_PATH} (install the Debian package chromium, or run scripts/install-system-deps.sh)`;
if (skip && process.env.CI) throw new Error(`CI must run the browser tests, but: ${skip}`);
if (skip) console.warn(`SKIPPING browser tests: ${skip}`);

describe.skipIf(skip)("notes on the data, on every view", () => {
  let site: DataNotesSite;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  beforeAll(async () => {
    site = await dataNotesSite();
    browser = await launchChromium();
    server = await serveStatic(site.dist);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (site) removeDataNotesSite(site);
  });

  async function open(path: string, viewport = { width: 1280, height: 720 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
    return page;
  }

  /** The slides the build log says a run's note applies to. */
  const slidesOf = (run: string) =>
    site.log
      .split("\n")
      .find((l) => l.startsWith("[talk] ") && l.includes(`: run ${run}`))!
      .match(/; slides? ([\d, ]+) \(/)![1]!
      .split(", ")
      .map(Number);

  /** Slide number → the words of its marker, for every slide of the deck that has one. */
  async function markers(page: Page): Promise<Map<number, string>> {
    const found = await page.locator("#deck .slide").evaluateAll((slides) =>
      slides.flatMap((s, i) => {
        const m = s.querySelector(".data-marker");
        return m ? [[i + 1, m.textContent!.replace(/\s+/g, " ").trim()] as const] : [];
      }),
    );
    return new Map(found);
  }

  it("logs each note once, with the slides it applies to", () => {
    const lines = site.log.split("\n").filter((l) => l.startsWith("[talk] "));
    const count = (pattern: RegExp) => lines.filter((l) => pattern.test(l)).length;
    expect(
      count(new RegExp(`^\\[talk\\] out of date: run ${STALE_RUN}: benchmark definition .*story\\.json changed`)),
    ).toBe(1);
    expect(
      count(new RegExp(`^\\[talk\\] below the quality gate: run ${FEW_BOOTS_RUN} has only 3 successful timed boots`)),
    ).toBe(1);
    expect(
      count(new RegExp(`^\\[talk\\] mixed conditions: run ${KVM_RUN} used KVM, while the talk's other runs used TCG`)),
    ).toBe(1);
    expect(lines).toHaveLength(3); // nothing else, and not once per page
    for (const line of lines) expect(line).toMatch(/; slides? \d+(, \d+)* \(content\/talk\/talk\.txt:\d+(, \d+)*\)$/);
  });

  it("marks exactly the slides drawn from those runs, quietly, in the deck's corner", async () => {
    let page = await open("talk/#/1");
    const marked = await markers(page);
    const expected = new Map<number, string[]>();
    for (const [run, words] of [
      [STALE_RUN, "out of date"],
      [FEW_BOOTS_RUN, "few boots"],
      [KVM_RUN, "mixed accelerators"],
    ] as const)
      for (const n of slidesOf(run)) expected.set(n, [...(expected.get(n) ?? []), words]);
    expect([...marked.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const [n, words] of expected) for (const w of words) expect(marked.get(n), `slide ${n}`).toContain(w);
    const stale = slidesOf(STALE_RUN).find((n) => expected.get(n)!.length === 1)!;
    expect(marked.get(stale)).toMatch(/^Note on this slide's data: † data: out of date$/);
    // The title slide and the opening slides are drawn from no run.
    expect(marked.has(1)).toBe(false);

    // Small and low-contrast beside the slide number, inside the slide, never over its title.
    await page.close();
    page = await open(`talk/#/${stale}`);
    const slide = page.locator("#deck .slide").nth(stale - 1);
    const marker = slide.locator(".data-marker");
    expect(await marker.isVisible()).toBe(true);
    const look = await marker.evaluate((m) => {
      const s = getComputedStyle(m);
      const slideBox = m.closest(".slide")!.getBoundingClientRect();
      const box = m.getBoundingClientRect();
      const number = getComputedStyle(m.closest(".slide")!.querySelector(".slide-number")!);
      return {
        size: parseFloat(s.fontSize),
        numberSize: parseFloat(number.fontSize),
        opacity: Number(s.opacity),
        right: slideBox.right - box.right,
        bottom: slideBox.bottom - box.bottom,
        inside: box.left >= slideBox.left && box.top >= slideBox.top,
        lowerQuarter: box.top > slideBox.top + slideBox.height * 0.75,
      };
    });
    expect(look.size).toBeLessThan(look.numberSize);
    expect(look.opacity).toBeLessThan(1);
    expect(look.inside && look.lowerQuarter).toBe(true);
    expect(look.right).toBeGreaterThan(0);
    expect(look.bottom).toBeGreaterThan(0);
    // The whole note is there for whoever hovers it.
    expect(await marker.getAttribute("title")).toContain(`run ${STALE_RUN}`);

    // Not in the PDF deck: the projected slides print without it.
    await page.emulateMedia({ media: "print" });
    expect(
      await page.locator("#deck .data-marker").evaluateAll((ms) => ms.filter((m) => m.checkVisibility()).length),
    ).toBe(0);
    await page.close();
  });

  it("gives the speaker the whole note above the notes in the presenter view", async () => {
    const [mixed] = slidesOf(KVM_RUN);
    const page = await open(`talk/presenter/#/${mixed}`);
    const note = page.locator(".slide-notes.current .data-notes");
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toMatch(
      new RegExp(
        `Mixed conditions: run ${KVM_RUN} used KVM, while the talk's other runs used TCG \\(runs [^)]*${STALE_RUN}`,
      ),
    );
    // It comes before what the speaker says.
    expect(await page.locator(".slide-notes.current > :nth-child(2)").getAttribute("class")).toBe("data-notes");
    // A slide drawn from no noted run has none.
    const noted = new Set([STALE_RUN, FEW_BOOTS_RUN, KVM_RUN].flatMap(slidesOf));
    const quiet = [...Array(30).keys()].map((i) => i + 2).find((n) => !noted.has(n))!;
    await page.keyboard.press("Home");
    for (let n = 1; n < quiet; n++) await page.keyboard.press("ArrowRight");
    await page.waitForFunction((n) => document.querySelector("#position")?.textContent?.startsWith(`${n} / `), quiet);
    expect(await page.locator(".slide-notes.current .data-notes").count()).toBe(0);
    const [few] = slidesOf(FEW_BOOTS_RUN);
    await page.goto(`${server.url}talk/presenter/#/${few}`);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
    expect(await page.locator(".slide-notes.current .data-note-quality").textContent()).toBe(
      `Below the quality gate: run ${FEW_BOOTS_RUN} has only 3 successful timed boots in some variant (minimum 10).`,
    );
    await page.close();
  });

  it("puts the note under its slide in the read view, lists every note once at the top, and prints both in the handout", async () => {
    const page = await open("talk/read/", { width: 1000, height: 1400 });
    const top = page.locator(".read-data-notes li");
    expect(await top.count()).toBe(3);
    const items = await top.allTextContents();
    expect(items.filter((t) => t.includes(`run ${STALE_RUN}`))).toHaveLength(1);
    const [few] = slidesOf(FEW_BOOTS_RUN);
    expect(items.filter((t) => t.startsWith(`Below the quality gate: run ${FEW_BOOTS_RUN}`))).toEqual([
      expect.stringMatching(new RegExp(`Slide ${few}\\.$`)),
    ]);
    expect(items.filter((t) => t.startsWith(`Mixed conditions: run ${KVM_RUN}`))).toHaveLength(1);
    // Each slide link goes to a slide that carries the note.
    const href = await top
      .filter({ hasText: /^Below the quality gate/ })
      .locator("a")
      .getAttribute("href");
    const article = page.locator(`article${href}`);
    expect(await article.locator(":scope > figure > figcaption").textContent()).toMatch(new RegExp(`Slide ${few} `));
    // Under the slide, before the speaker's words.
    expect(await article.locator("figure + .data-notes .data-note-quality").textContent()).toContain(FEW_BOOTS_RUN);
    const stale = page.locator("article .data-note-stale");
    expect(await stale.count()).toBeGreaterThan(1);
    // The handout is the read view printed: the notes stay.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".read-data-notes").isVisible()).toBe(true);
    expect(await article.locator(".data-notes").isVisible()).toBe(true);
    await page.close();
  });

  it("lists every note on the front page, saying where it applies", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}index.html`);
    const items = await page.locator(".data-notes-section li").allTextContents();
    const stale = items.filter((t) => t.includes(`run ${STALE_RUN}: benchmark definition`));
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatch(
      new RegExp(`In the numbers above, the talk \\(slides ${slidesOf(STALE_RUN).join(", ")}\\) and the paper\\.$`),
    );
    expect(items.filter((t) => t.startsWith(`Below the quality gate: run ${FEW_BOOTS_RUN}`))).toEqual([
      expect.stringMatching(
        new RegExp(`In the talk \\(slide ${slidesOf(FEW_BOOTS_RUN).join(", ")}\\) and the paper\\.$`),
      ),
    ]);
    // The talk's and the paper's mixes are their own: each names its document.
    expect(
      items.filter((t) => t.startsWith(`Mixed conditions: run ${KVM_RUN} used KVM, while the talk's`)),
    ).toHaveLength(1);
    expect(
      items.filter((t) => t.startsWith(`Mixed conditions: run ${KVM_RUN} used KVM, while the paper's`)),
    ).toHaveLength(1);
    // The headline points at them, and says its run's conditions from its record.
    expect(await page.locator(".headline .noted").getAttribute("href")).toBe("#data-notes-heading");
    expect(await page.locator(".conditions").textContent()).toMatch(/Accelerator\s*TCG/);
    await page.close();
  });

  it("states the conditions from the records: the KVM run changes what the talk says", async () => {
    const page = await open("talk/read/", { width: 1000, height: 1400 });
    const text = async (words: string) =>
      (await page.locator("article.read-slide", { hasText: words }).textContent())!.replace(/\s+/g, " ");
    const boots = await text("Here is every single boot");
    expect(boots).toMatch(/Not every run used the same accelerator \(the runs mixed accelerators: TCG/);
    expect(boots).not.toMatch(/there is no KVM/);
    const caveat = await text("An honest caveat");
    expect(caveat).toMatch(/TCG and KVM runs are mixed: compare them with care/);
    expect(caveat).toMatch(
      new RegExp(`An honest caveat: the runs mixed accelerators: .* and KVM \\(run ${KVM_RUN}\\)`),
    );
    expect(caveat).not.toMatch(/We have no KVM numbers here/);
    await page.close();
  });
});
