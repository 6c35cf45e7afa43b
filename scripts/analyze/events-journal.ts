/**
 * Nothing captured is lost: before the first pass the analysis opens a journal next to the
 * events file it will write (`<id>.events.jsonl.partial`, created exclusively: the folder is
 * proven writable and the name is claimed), appends each finished pass, and removes it once
 * the events file and the record are written. If they cannot be written, or the harness dies,
 * the journal is itself an events log: `npm run analyze -- --log JOURNAL --out DIR`.
 */
import { open, rm, statfs, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import type { EventsHeader, PassEvent } from "../../core/analysis/events.ts";
import { UserError } from "../../core/errors.ts";

/** A boot's events take ~1–3 MiB; below this the passes would not fit. */
const MIN_FREE_BYTES = 16 * 2 ** 20;

export interface EventsJournal {
  path: string;
  pass(events: readonly PassEvent[]): Promise<void>;
  /** The events file and the record are written: the journal is no longer needed. */
  discard(): Promise<void>;
  close(): Promise<void>;
}

export async function openEventsJournal(eventsPath: string, header: EventsHeader): Promise<EventsJournal> {
  const path = `${eventsPath}.partial`;
  const dir = dirname(path);
  const space = await statfs(dir).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`cannot write records into ${dir} (${error.code}); create it or choose another --out`);
  });
  if (space.bavail * space.bsize < MIN_FREE_BYTES)
    throw new UserError(
      `${dir} has only ${Math.floor((space.bavail * space.bsize) / 1024)} KiB free; the captured passes need several MiB. Free some space or choose another --out`,
    );
  let handle: FileHandle;
  try {
    handle = await open(path, "wx");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === "EEXIST"
        ? `${path} exists: another analysis is writing it, or an earlier one left its passes there (re-analyse them with --log ${path})`
        : `cannot write into ${dir} (${code}); check its permissions or choose another --out`,
    );
  }
  await handle.write(JSON.stringify(header) + "\n");
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    path,
    async pass(events) {
      await handle.write(events.map((e) => JSON.stringify(e) + "\n").join(""));
    },
    async discard() {
      await close();
      await rm(path, { force: true });
    },
    close,
  };
}
