/**
 * A second site, built from a fixture talk (tests/browser/fixtures/deck/talk.txt) whose slides
 * are too full on purpose, for the overflow and Markdown-slide browser tests. It is built once
 * per test run into a temporary folder with the project's own Astro build (BOOT_TALK_TALK
 * picks the script), so it goes through exactly the pipeline the real talk does.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";

const root = resolve(import.meta.dirname, "../..");
export const FIXTURE_TALK = "tests/browser/fixtures/deck/talk.txt";

let built: Promise<string> | undefined;

/** Builds the fixture site (once) and returns its folder. */
export function fixtureSite(): Promise<string> {
  built ??= (async () => {
    const out = mkdtempSync(join(tmpdir(), "talk-fixture-site-"));
    await execa(process.execPath, [join(root, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", out], {
      cwd: root,
      env: { BOOT_TALK_TALK: FIXTURE_TALK, ASTRO_TELEMETRY_DISABLED: "1" },
    });
    return out;
  })();
  return built;
}
