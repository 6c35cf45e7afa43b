/**
 * Renderings prepared ahead of Astro. Astro spends about a second loading itself and bundling
 * the site before it generates the first page, on one core. npm run build (scripts/build.ts)
 * uses that second to render the paper and the talk in its own process, into their persistent
 * caches (src/paper/paper-cache.ts, src/talk/talk-cache.ts), saying nothing; the pages then
 * find them there and say what the rendering said (core/build-log.ts). A page that needs a
 * rendering still being prepared waits for it rather than render it a second time alongside.
 *
 * The handshake is a folder named in BOOT_TALK_PREPARED ("PID FOLDER"): the preparing process
 * writes an empty file per document when its rendering is done (or failed: the page then
 * renders it itself and reports the error where Astro reports page errors). Without the
 * variable (astro dev, a bare `astro build`) pages render as usual; a page stops waiting if the
 * preparing process is gone.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { recordingLog } from "../../core/build-log.ts";
import { isProcessRunning } from "../../core/process.ts";

export const PREPARED_ENV = "BOOT_TALK_PREPARED";

export type PreparedDocument = "paper" | "talk";

/** The variable that tells the pages where to look, for the Astro process's environment. */
export function preparedEnv(folder: string, pid = process.pid): Record<string, string> {
  return { [PREPARED_ENV]: `${pid} ${folder}` };
}

/**
 * Runs render (which fills the document's cache) without printing, then marks the document
 * done, whether or not the rendering succeeded.
 */
export async function prepare(folder: string, document: PreparedDocument, render: () => Promise<unknown>) {
  try {
    await recordingLog(render, { quiet: true });
  } catch {
    // The page renders it again and fails the build with the error, in Astro's report.
  }
  try {
    writeFileSync(join(folder, document), "");
  } catch (error) {
    // The folder is gone when the build ended first (Astro failed): nobody is waiting.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** How often a waiting page looks again. */
const POLL_MS = 10;

/** Waits until the document is prepared, when this build prepares it; returns at once otherwise. */
export async function preparedBy(document: PreparedDocument, env = process.env): Promise<void> {
  const spec = /^(\d+) (.+)$/.exec(env[PREPARED_ENV] ?? "");
  if (!spec) return;
  const [pid, folder] = [Number(spec[1]), spec[2]!];
  while (!existsSync(join(folder, document)) && isProcessRunning(pid)) await sleep(POLL_MS);
}
