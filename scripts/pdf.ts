/**
 * npm run pdf: prints the built talk to PDF with the system Chromium.
 *
 *   dist/talk.pdf          the deck, one 16:9 page per slide (the deck's print CSS)
 *   dist/talk-handout.pdf  the read view: each slide with its notes, A4
 *   dist/paper.pdf         the paper, when dist/paper/ exists
 *
 * The site is served on loopback (no network needed). Each page is printed once it says it is
 * ready (document.documentElement.dataset.ready = "1", set after fonts and images load),
 * never on "network idle", which is what makes other tools' exports flaky. One timeout
 * applies to every wait. Options: --dist DIR (default dist), --out DIR (default: the dist
 * folder), --timeout MS (default 60000).
 *
 * It holds the build lock (scripts/build.ts) while it reads and writes dist/, so a build that
 * starts meanwhile waits instead of swapping the site away under the printer.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Browser, Page } from "playwright-core";
import { UserError, runMain } from "../core/errors.ts";
import { projectPath } from "../core/paths.ts";
import { distLockPath } from "./build.ts";
import { CHROMIUM_PATH, launchChromium, serveStatic } from "./lib/chromium.ts";
import { acquireLock, describeOwner } from "./lib/dir-lock.ts";

export interface PdfOptions {
  dist: string;
  outDir: string;
  timeoutMs: number;
}

export interface PdfResult {
  file: string;
  pages: number;
}

/** Counts page objects in a PDF (Chromium writes one `/Type /Page` dictionary per page). */
export function countPdfPages(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString("latin1")
      .match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0
  );
}

export async function exportPdfs(options: PdfOptions): Promise<PdfResult[]> {
  const { dist, outDir, timeoutMs } = options;
  if (!existsSync(CHROMIUM_PATH)) {
    throw new UserError(
      `Chromium not found at ${CHROMIUM_PATH}. Install the Debian/Ubuntu package "chromium" (apt-get install chromium, or run scripts/install-system-deps.sh), or point BOOT_TALK_CHROMIUM at a Chromium binary.`,
    );
  }
  if (!existsSync(join(dist, "talk/index.html"))) {
    throw new UserError(`${dist} has no built talk (talk/index.html). Run npm run build first.`);
  }
  await mkdir(outDir, { recursive: true });
  const server = await serveStatic(dist);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const results: PdfResult[] = [];
    const print = async (
      path: string,
      file: string,
      opts: { viewport: { width: number; height: number }; footer: boolean; waitForReady: boolean },
    ) => {
      const page = await browser!.newPage({ viewport: opts.viewport });
      page.setDefaultTimeout(timeoutMs);
      await page.goto(server.url + path, { waitUntil: "load", timeout: timeoutMs });
      await waitUntilReady(page, opts.waitForReady, timeoutMs, path);
      const pdf = await page.pdf({
        path: join(outDir, file),
        preferCSSPageSize: true,
        printBackground: true,
        outline: true,
        tagged: true,
        ...(opts.footer ? { displayHeaderFooter: true, headerTemplate: "<span></span>", footerTemplate: FOOTER } : {}),
      });
      const slideCount = path === "talk/" ? await page.locator("#deck .slide").count() : null;
      await page.close();
      const result = { file: join(outDir, file), pages: countPdfPages(pdf) };
      if (slideCount !== null && result.pages !== slideCount) {
        throw new UserError(
          `${result.file} has ${result.pages} pages but the deck has ${slideCount} slides; the deck's print CSS is broken (src/components/deck/deck.css)`,
          { exitCode: 1 },
        );
      }
      results.push(result);
    };
    await print("talk/", "talk.pdf", { viewport: { width: 1280, height: 720 }, footer: false, waitForReady: true });
    await print("talk/read/", "talk-handout.pdf", {
      viewport: { width: 1000, height: 1400 },
      footer: true,
      waitForReady: true,
    });
    if (existsSync(join(dist, "paper/index.html"))) {
      const paperSignalsReady = (await readFile(join(dist, "paper/index.html"), "utf8")).includes("dataset.ready");
      await print("paper/", "paper.pdf", {
        viewport: { width: 1000, height: 1400 },
        footer: true,
        waitForReady: paperSignalsReady,
      });
    }
    return results;
  } finally {
    await browser?.close();
    await server.close();
  }
}

const FOOTER = `<div style="width:100%;font:8px sans-serif;color:#666;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`;

/** The page's own ready flag; pages without one are printed once their fonts have loaded. */
async function waitUntilReady(page: Page, useFlag: boolean, timeoutMs: number, path: string): Promise<void> {
  try {
    if (useFlag)
      await page.waitForFunction(() => document.documentElement.dataset.ready === "1", undefined, {
        timeout: timeoutMs,
      });
    else await page.evaluate(() => document.fonts.ready.then(() => undefined));
  } catch (error) {
    throw new UserError(
      `${path} did not signal ready within ${timeoutMs} ms (document.documentElement.dataset.ready stayed unset); open it in a browser and check the console, or raise --timeout`,
      { exitCode: 1, cause: error },
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dist: { type: "string", default: "dist" },
      out: { type: "string" },
      timeout: { type: "string", default: "60000" },
    },
  });
  const dist = resolve(values.dist);
  const timeoutMs = Number(values.timeout);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new UserError(`--timeout must be a positive number of milliseconds, got "${values.timeout}"`);
  const started = performance.now();
  const lock = await acquireLock(distLockPath(projectPath()), {
    purpose: "npm run pdf",
    onWait: (owner) => process.stderr.write(`waiting: ${describeOwner(owner)} is writing dist/…\n`),
  });
  let results: PdfResult[];
  try {
    results = await exportPdfs({ dist, outDir: resolve(values.out ?? dist), timeoutMs });
  } finally {
    lock.release();
  }
  for (const r of results) console.log(`${r.file}: ${r.pages} page${r.pages === 1 ? "" : "s"}`);
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.main) await runMain(main);
