/**
 * Reading and writing run records. Writes are atomic and never overwrite: the record is
 * written to a temporary file and then hard-linked to its final name, which fails if that name
 * exists. Two concurrent runs therefore cannot lose each other's data, and a crash never
 * leaves half a record.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileError, UserError, zodFileError } from "../errors.ts";
import { RunRecord, StoredRecord } from "./schema.ts";
import { runsDir } from "../paths.ts";

/**
 * Where recorded runs live (core/paths.ts runsDir(), read when this module loads). Kept for
 * entry scripts that take it as a default; new code calls runsDir().
 */
export const RUNS_DIR = runsDir();

/**
 * A new unique record id: UTC time to the second, a slug, and random hex, e.g.
 * `2026-11-25T184501Z-story-3f9a2c`. Sorting ids sorts runs by time.
 */
export function newRecordId(slug: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const safe =
    slug
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "run";
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6)}-${safe}-${randomBytes(3).toString("hex")}`;
}

/** Writes text to path atomically; throws a UserError if path already exists. */
export async function writeNewFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  await writeFile(temporary, text);
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new UserError(`${path} already exists; boot-talk never overwrites a record. Choose another --out path.`);
    }
    throw error;
  } finally {
    await unlink(temporary).catch(() => {});
  }
}

/** Validates and writes a record (current versions only); returns the path written. */
export async function writeRecord(record: RunRecord, path?: string): Promise<string> {
  const checked = RunRecord.parse(record);
  const target = path ?? join(runsDir(), `${checked.id}.json`);
  await writeNewFile(target, JSON.stringify(checked, null, 2) + "\n");
  return target;
}

/** Parses one record file (any version), naming the file, line and field on failure. */
export function parseRecord(text: string, file: string): StoredRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fileError(
      file,
      "",
      `not valid JSON (${(error as Error).message})`,
      "records are written by npm run bench / analyze; restore the file from git",
    );
  }
  const result = StoredRecord.safeParse(json);
  if (!result.success)
    throw zodFileError(file, result.error, {
      text,
      hint: "this does not match the run-record schema (core/records/schema.ts); records are written by npm run bench / analyze, so restore the file from git",
    });
  return result.data;
}

/** The *.json record files of dir, sorted by name (= by id, so by time). */
export async function recordFiles(dir = runsDir()): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
  return names.map((name) => join(dir, name));
}

/**
 * Loads every *.json record in dir as stored (sorted by id, so by time), unverified. The site
 * and the checks read records through load.ts, which verifies and derives them.
 */
export async function loadRecords(dir = runsDir()): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  const seen = new Map<string, string>();
  for (const file of await recordFiles(dir)) {
    const record = parseRecord(await readFile(file, "utf8"), file);
    const other = seen.get(record.id);
    if (other)
      throw new UserError(
        `${file}: field id: ${record.id} is also the id of ${other}; ids must be unique (remove the copy)`,
      );
    seen.set(record.id, file);
    records.push(record);
  }
  return records;
}
