/**
 * Reading and writing run records. Writes are atomic and never overwrite: the record is
 * written to a temporary file and then hard-linked to its final name, which fails if that name
 * exists. Two concurrent runs therefore cannot lose each other's data, and a crash never
 * leaves half a record.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { z } from "zod";
import { fileError, UserError } from "../errors.ts";
import { RunRecord } from "./schema.ts";
import { projectPath } from "../paths.ts";

/** Where recorded runs live in the project. */
export const RUNS_DIR = projectPath("content/runs");

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

/** Validates and writes a record; returns the path written. */
export async function writeRecord(record: RunRecord, path?: string): Promise<string> {
  const checked = RunRecord.parse(record);
  const target = path ?? join(RUNS_DIR, `${checked.id}.json`);
  await writeNewFile(target, JSON.stringify(checked, null, 2) + "\n");
  return target;
}

/** Parses one record file, naming the file and the field on failure. */
export function parseRecord(text: string, file: string): RunRecord {
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
  const result = RunRecord.safeParse(json);
  if (!result.success)
    throw fileError(
      file,
      describeIssue(result.error),
      "does not match the run-record schema",
      "see core/records/schema.ts",
    );
  return result.data;
}

/** Loads every *.json record in dir (sorted by id, so by time). */
export async function loadRecords(dir = RUNS_DIR): Promise<RunRecord[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
  const records: RunRecord[] = [];
  for (const name of names) {
    const file = join(dir, name);
    records.push(parseRecord(await readFile(file, "utf8"), file));
  }
  const seen = new Set<string>();
  for (const r of records) {
    if (seen.has(r.id)) throw new UserError(`${dir}: two records share the id ${r.id}; ids must be unique`);
    seen.add(r.id);
  }
  return records;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "";
  const path = issue.path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
  return `field ${path || "(root)"}: ${issue.message}`;
}
