/**
 * Nothing measured is lost: before the first run the bench opens a journal next to the record
 * it will write (`<record>.journal.jsonl`, created exclusively, so the folder is proven
 * writable and a second run cannot claim the same record), appends every finished sample as
 * it completes, and removes the journal only once the record is written. If the record cannot
 * be written (a full disk, a read-only folder), the journal stays and
 * `npx node scripts/bench/recover.ts JOURNAL` turns it into the record later.
 * Line 1: the record's inputs without samples; then one {variant, sample} per finished run.
 */
import { open, rm, statfs, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { UserError } from "../../core/errors.ts";
import type { SampleRecord } from "../../core/records/schema.ts";
import type { RecordInput } from "./record.ts";

export const JOURNAL_SCHEMA = "boot-talk/bench-journal@1";
/** Below this much free space the run would not be able to keep its samples. */
const MIN_FREE_BYTES = 4 * 2 ** 20;

export type JournalHeader = Omit<RecordInput, "variants" | "status" | "createdAt"> & {
  variants: Array<Omit<RecordInput["variants"][number], "samples">>;
  recordPath: string;
};

export interface Journal {
  path: string;
  sample(variant: number, sample: SampleRecord): Promise<void>;
  /** The record is safely written: the journal is no longer needed. */
  discard(): Promise<void>;
  close(): Promise<void>;
}

export function journalPath(recordPath: string): string {
  return recordPath.replace(/\.json$/, "") + ".journal.jsonl";
}

export async function openJournal(header: JournalHeader): Promise<Journal> {
  const path = journalPath(header.recordPath);
  const dir = dirname(path);
  const space = await statfs(dir).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`cannot write records into ${dir} (${error.code}); create it or choose another --out`);
  });
  if (space.bavail * space.bsize < MIN_FREE_BYTES)
    throw new UserError(
      `${dir} has only ${Math.floor((space.bavail * space.bsize) / 1024)} KiB free; the run's samples need a few MiB. Free some space or choose another --out`,
    );
  let handle: FileHandle;
  try {
    handle = await open(path, "wx");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new UserError(
        `${path} exists: another run is writing this record, or an earlier one left its samples there (recover them with npx node scripts/bench/recover.ts ${path})`,
      );
    throw new UserError(`cannot write into ${dir} (${code}); check its permissions or choose another --out`);
  }
  await handle.write(JSON.stringify({ type: "header", schema: JOURNAL_SCHEMA, ...header }) + "\n");
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    path,
    async sample(variant, sample) {
      await handle.write(JSON.stringify({ type: "sample", variant, sample }) + "\n");
    },
    async discard() {
      await close();
      await rm(path, { force: true });
    },
    close,
  };
}
