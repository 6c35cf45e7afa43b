/**
 * The front page, as the README tells people to open it (dist/index.html from file://) and
 * served under a sub-path: every link opens a page, never a directory listing, and the page is
 * set in the site's typeface like every other page.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { browserSkipReason, distDir, useChromium } from "../support/browser.ts";

const skip = browserSkipReason();

describe.skipIf(skip)("the front page", () => {
  const chromium = useChromium(distDir(), "/a/sub/path/");

  const VIEWS = [
    ["The talk", /^How long does it take to boot a VM\?$/],
    ["The talk as a handout", /\(read\)$/],
    ["The paper", /./],
  ] as const;

  it.each([
    ["file://", () => pathToFileURL(join(distDir(), "index.html")).href],
    ["a sub-path", () => `${chromium.server.url}index.html`],
  ])("opens every view from %s, and the paper links back", async (_, url) => {
    const page = await chromium.browser.newPage();
    for (const [link, title] of VIEWS) {
      await page.goto(url());
      await Promise.all([page.waitForEvent("load"), page.getByRole("link", { name: link, exact: true }).click()]);
      // A page of the site, not a directory listing ("Index of …").
      expect(await page.title(), link).toMatch(title);
      expect(await page.locator("main, .presenter, .paper-page").count(), link).toBeGreaterThan(0);
    }
    // The paper's "boot-talk" link goes back to the front page.
    await Promise.all([page.waitForEvent("load"), page.locator(".paper-kicker a").click()]);
    expect(await page.locator("h1").textContent()).toBe("How long does it take to boot a VM?");
    await page.close();
  });

  it("is set in Inter, loaded page-relatively (file:// and sub-path alike)", async () => {
    const page = await chromium.browser.newPage();
    for (const url of [pathToFileURL(join(distDir(), "index.html")).href, `${chromium.server.url}index.html`]) {
      await page.goto(url);
      const loaded = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "Inter" && f.status === "loaded")
          .length;
      });
      expect(loaded, url).toBeGreaterThan(0);
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily), url).toMatch(/^"?Inter"?/);
    }
    await page.close();
  });
});
