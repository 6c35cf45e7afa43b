/**
 * The charts as a reader sees them, in the system Chromium with the served Inter font:
 * our text widths match the browser's, no label is clipped by the SVG edge or overlaps
 * another, a chart ignores the OS colour scheme and turns dark only on a dark surface
 * (chart-colours.css), every colour is a theme token, and a screenshot of every chart is kept for a person
 * to look at ($BOOT_TALK_SHOTS, default /tmp/boot-talk-chart-shots).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, launchChromium, serveStatic } from "../../tests/support/browser.ts";
import { CHART_COLOURS_CSS } from "./chart-colours.ts";
import { FONT_FILES, FONTS_DIR, measureText } from "./fonts.ts";
import { FIXTURE_RUNS_DIR, FIXTURE_SUITE } from "./fixtures/generate.ts";
import { renderChart } from "./index.ts";

const CHARTS: Array<[string, Record<string, string>]> = [
  ["boot-timeline", {}],
  ["top-initcalls", {}],
  ["distribution", { suite: FIXTURE_SUITE }],
  ["savings", { suite: FIXTURE_SUITE }],
  ["savings", { suite: FIXTURE_SUITE, kind: "total" }],
  ["progress", { suite: FIXTURE_SUITE }],
  ["progress", { suite: FIXTURE_SUITE, view: "history" }],
  ["samples", {}],
];
const SHOTS = process.env.BOOT_TALK_SHOTS ?? "/tmp/boot-talk-chart-shots";
const skip = !existsSync(CHROMIUM_PATH);
if (skip && process.env.CI)
  throw new Error(`CI must run the chart browser tests, but Chromium is missing at ${CHROMIUM_PATH}`);
if (skip) console.warn(`SKIPPING chart browser tests: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(skip)("charts in Chromium", () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  const slugs: string[] = [];

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), "bt-charts-page-"));
    mkdirSync(join(root, "fonts"));
    for (const file of Object.values(FONT_FILES)) copyFileSync(join(FONTS_DIR, file), join(root, "fonts", file));
    let body = "";
    for (const target of ["paper", "deck"] as const) {
      for (const [name, params] of CHARTS) {
        const chart = await renderChart({ name, params }, { target, runsDir: FIXTURE_RUNS_DIR });
        const slug = [target, name, params.view, params.kind].filter(Boolean).join("-");
        slugs.push(slug);
        body += `<figure id="${slug}"><div class="allcenter">${chart.svg}</div></figure>\n`;
      }
    }
    // The same @font-face rules as src/styles/fonts.css, at this page's font folder.
    const faces = Object.entries(FONT_FILES)
      .map(([w, f]) => `@font-face{font-family:"Inter";font-weight:${w};src:url("fonts/${f}") format("woff2")}`)
      .join("\n");
    const css = `${faces}\n${readFileSync(CHART_COLOURS_CSS, "utf8")}\nbody{margin:0;padding:8px;background:Canvas;color:CanvasText}figure{margin:0 0 12px;display:inline-block}.allcenter>svg{display:block}`;
    writeFileSync(
      join(root, "index.html"),
      `<!doctype html><html><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><style>${css}</style></head><body>${body}</body></html>`,
    );
    server = await serveStatic(root);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(scheme: "light" | "dark"): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
    await page.goto(server.url);
    await page.evaluate(() => document.fonts.ready);
    return page;
  }

  it("measures text exactly as Chromium draws Inter", async () => {
    const page = await open("light");
    const cases: Array<[string, number, number]> = [
      ["kernel:initcalls-before-userspace 1,347 ± 65 ms", 11, 400],
      ["Where the boot time goes: 2,950 ± 62 ms", 26, 600],
      ["WWWW iiii AVA To 0123456789", 20, 400],
      ["ms from QEMU start to the ready line", 12, 600],
    ];
    const browserWidths = await page.evaluate((list) => {
      const ctx = document.createElement("canvas").getContext("2d")!;
      return list.map(([text, size, weight]) => {
        ctx.font = `${weight} ${size}px Inter`;
        return ctx.measureText(text).width;
      });
    }, cases);
    cases.forEach(([text, size, weight], i) => {
      const ours = measureText(text, size, weight);
      expect(
        Math.abs(ours - browserWidths[i]!),
        `"${text}" at ${size}px/${weight}: ours ${ours}, Chromium ${browserWidths[i]}`,
      ).toBeLessThan(0.5);
    });
    await page.close();
  });

  it("draws every label inside its chart, without overlaps", async () => {
    const page = await open("light");
    const problems = await page.evaluate(() => {
      const out: string[] = [];
      for (const fig of document.querySelectorAll("figure")) {
        const svg = fig.querySelector("svg")!.getBoundingClientRect();
        const boxes = [...fig.querySelectorAll("svg text")]
          .filter(
            (t) =>
              (t.textContent ?? "").trim() &&
              getComputedStyle(t).display !== "none" &&
              Number(t.getAttribute("opacity") ?? 1) > 0,
          )
          .map((t) => ({ text: t.textContent!, r: t.getBoundingClientRect() }));
        for (const { text, r } of boxes) {
          if (r.left < svg.left - 1 || r.right > svg.right + 1 || r.top < svg.top - 1 || r.bottom > svg.bottom + 1)
            out.push(`${fig.id}: "${text}" is clipped by the chart edge`);
        }
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!.r,
              b = boxes[j]!.r;
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            // Glyph boxes include line gaps; demand real ink overlap (> 2 px each way).
            if (w > 2 && h > 2) out.push(`${fig.id}: "${boxes[i]!.text}" overlaps "${boxes[j]!.text}"`);
          }
      }
      return out;
    });
    expect(problems).toEqual([]);
    await page.close();
  });

  for (const scheme of ["light", "dark"] as const) {
    it(`stays light in a ${scheme}-mode browser, turns dark on a dark surface, and keeps screenshots`, async () => {
      const page = await open(scheme);
      // The first text of a chart is an axis label, drawn in the "muted" token.
      const fill = () => page.evaluate(() => getComputedStyle(document.querySelector("svg.bt-chart text")!).fill);
      expect(await fill()).toBe("rgb(87, 96, 106)"); // a chart follows its surface, never the OS
      mkdirSync(SHOTS, { recursive: true });
      for (const slug of slugs)
        await page.locator(`#${slug}`).screenshot({ path: join(SHOTS, `${slug}-${scheme}-os.png`) });
      await page.evaluate(() => {
        document.body.classList.add("bt-chart-surface-dark");
        document.body.style.background = "#0f1419";
      });
      expect(await fill()).toBe("rgb(154, 165, 177)");
      for (const slug of slugs) await page.locator(`#${slug}`).screenshot({ path: join(SHOTS, `${slug}-dark.png`) });
      await page.close();
    });
  }

  it("carries no colour scheme of its own: no <style>, no prefers-color-scheme, every paint a token", async () => {
    const page = await open("light");
    const problems = await page.evaluate(() =>
      [...document.querySelectorAll("svg.bt-chart")].flatMap((svg) => {
        const out: string[] = [];
        if (svg.querySelector("style")) out.push(`${svg.id || svg.getAttribute("aria-label")}: has a <style>`);
        for (const el of svg.querySelectorAll("[fill], [stroke]"))
          for (const attr of ["fill", "stroke"]) {
            const value = el.getAttribute(attr);
            if (!value || value === "none" || value === "transparent" || value.startsWith("url(")) continue;
            if (!(el.getAttribute("style") ?? "").includes(`${attr}:var(--bt-chart-`))
              out.push(`${svg.getAttribute("aria-label")}: ${el.tagName} ${attr}="${value}" is not a theme token`);
          }
        return out;
      }),
    );
    expect([...new Set(problems)]).toEqual([]);
    await page.close();
  });
});
