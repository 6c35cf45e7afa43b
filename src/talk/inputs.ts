/**
 * What a talk build read, so that one build can serve every page of the talk (deck, presenter
 * view, read view, front page) while none of it has changed, and a long-running process (the
 * dev server) rebuilds as soon as one of them does. A file's stamp is its size and modification
 * time; a folder's, the stamps of its entries. Files are noted while the build runs (an
 * AsyncLocalStorage, so concurrent builds never mix their inputs), each stamped before it is
 * read, so a change during the build is seen by the next check.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";

/** Size and modification time of a file, or "absent". */
export function fileStamp(path: string): string {
  try {
    const st = statSync(path);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return "absent";
  }
}

/** Name, size and modification time of each entry of a folder (not recursive), or "absent". */
export function folderStamp(dir: string): string {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return "absent";
  }
  return names.map((name) => `${name}:${fileStamp(resolve(dir, name))}`).join(";");
}

/** Files a build read, each with its stamp from just before it was read. */
export type InputFiles = ReadonlyMap<string, string>;

const reading = new AsyncLocalStorage<Map<string, string>>();

/** Notes that the running build reads `path` (nothing outside a recorded build). */
export function noteInput(path: string): void {
  const files = reading.getStore();
  if (files && !files.has(path)) files.set(path, fileStamp(path));
}

/** Runs `build`, noting every file it reads through noteInput (an enclosing recording notes them too). */
export async function recordInputs<T>(build: () => Promise<T>): Promise<{ value: T; files: InputFiles }> {
  const files = new Map<string, string>();
  const outer = reading.getStore();
  const value = await reading.run(files, build);
  if (outer) for (const [path, stamp] of files) if (!outer.has(path)) outer.set(path, stamp);
  return { value, files };
}

/** True while every recorded file still has the stamp it had when it was read. */
export function unchanged(files: InputFiles): boolean {
  for (const [path, stamp] of files) if (fileStamp(path) !== stamp) return false;
  return true;
}
