/**
 * The build log of the talk and the paper: claims summaries, notes on the data, stale figures.
 * Everything the renderers tell the author goes through sayOnce, for two reasons:
 *
 * - once per process: several pages render the same document, and each line should be read once;
 * - replayable: a rendering served from the persistent cache (src/paper/paper-cache.ts,
 *   src/talk/talk-cache.ts) prints what its rendering printed, so a cached build says the same
 *   as a fresh one. recordingLog collects what a rendering says so the cache can keep it, and
 *   can keep it quiet (npm run build renders the documents while Astro compiles the site
 *   renderer, whose pages then say it once).
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** What one call of sayOnce said: its key (the unit of "once") and its lines. */
export interface LogEntry {
  key: string;
  lines: string[];
}

interface Recording {
  entries: LogEntry[];
  quiet: boolean;
}

const recording = new AsyncLocalStorage<Recording>();

const SAID = Symbol.for("boot-talk.build-log.said");

/**
 * Prints lines (to stderr) unless this process already printed this key. The key includes what
 * the lines depend on (a document's content, say), so `astro dev` reports a changed document
 * again; the set lives on globalThis because the build loads the renderers more than once.
 * Inside recordingLog the entry is also recorded, and not printed when the recording is quiet.
 */
export function sayOnce(key: string, lines: readonly string[]): boolean {
  const current = recording.getStore();
  current?.entries.push({ key, lines: [...lines] });
  if (current?.quiet) return false;
  const store = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  const said = (store[SAID] ??= new Set<string>());
  if (said.has(key)) return false;
  said.add(key);
  for (const line of lines) console.warn(line);
  return true;
}

/** Says what a recording collected (a cached rendering's log), each entry once per process. */
export function replay(entries: readonly LogEntry[]): void {
  for (const entry of entries) sayOnce(entry.key, entry.lines);
}

/** Runs fn, collecting everything it says; quiet: collect without printing. */
export async function recordingLog<T>(
  fn: () => Promise<T>,
  options: { quiet?: boolean } = {},
): Promise<{ value: T; log: LogEntry[] }> {
  const entries: LogEntry[] = [];
  const outer = recording.getStore();
  const value = await recording.run({ entries, quiet: (options.quiet ?? false) || (outer?.quiet ?? false) }, fn);
  // A recording inside another one (the talk's build inside a quiet warm-up) reports to both.
  outer?.entries.push(...entries);
  return { value, log: entries };
}

/** True when the log entries are well-formed (a cache entry read back from disk). */
export function isLog(value: unknown): value is LogEntry[] {
  return (
    Array.isArray(value) &&
    value.every(
      (e) =>
        !!e &&
        typeof (e as LogEntry).key === "string" &&
        Array.isArray((e as LogEntry).lines) &&
        (e as LogEntry).lines.every((l) => typeof l === "string"),
    )
  );
}
