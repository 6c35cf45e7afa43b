/**
 * Test support: serve the built site on loopback and drive the system Chromium.
 * Browser tests use the site built into dist/ (or $BOOT_TALK_DIST), which `npm test` builds
 * first. Chromium is Debian's /usr/bin/chromium (never a downloaded browser); where it is
 * missing the tests skip with a visible reason, except in CI, where missing is a failure.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { CHROMIUM_PATH, launchChromium, serveStatic as serveRoot } from "../../scripts/lib/chromium.ts";

export { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from "../../scripts/lib/chromium.ts";

/** The built site folder. */
export function distDir(): string {
  return resolve(process.env.BOOT_TALK_DIST ?? resolve(import.meta.dirname, "../../dist"));
}

/** Why browser tests cannot run here, or null when they can. In CI a reason is a hard failure. */
export function browserSkipReason(): string | null {
  const reason = !existsSync(CHROMIUM_PATH)
    ? `Chromium not found at ${CHROMIUM_PATH} (install the Debian package chromium, or run scripts/install-system-deps.sh)`
    : !existsSync(join(distDir(), "index.html"))
      ? `no built site in ${distDir()} (run npm run build first; npm test does this)`
      : null;
  if (reason && process.env.CI) throw new Error(`CI must run the browser tests, but: ${reason}`);
  if (reason) console.warn(`SKIPPING browser tests: ${reason}`);
  return reason;
}

/** Serves the built site (or root) on loopback, optionally under a sub-path. */
export function serveStatic(root = distDir(), basePath = "/") {
  return serveRoot(root, basePath);
}

export type SiteServer = Awaited<ReturnType<typeof serveStatic>>;

/**
 * Chromium and a loopback server of the built site (or root, under basePath) for the tests of
 * the describe block it is called in: started before them, both closed after.
 */
export function useChromium(
  root?: string,
  basePath?: string,
): { readonly browser: Browser; readonly server: SiteServer } {
  let browser: Browser | undefined;
  let server: SiteServer | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    server = await serveStatic(root, basePath);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get browser() {
      return browser!;
    },
    get server() {
      return server!;
    },
  };
}
