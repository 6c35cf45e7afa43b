/**
 * The loader every reader of content/runs/ uses (the site's pages, charts, talk and paper, and
 * `scripts/bench/verify.ts`): each record file is parsed, verified (verify.ts) and turned into
 * its derived, current-version view. A record that fails names the file, the field and the
 * fix, and loading fails, so the build stops instead of publishing a wrong figure.
 *
 * Derivations are cached (core/cache.ts, namespace "derived-records") under a key made of the
 * record's bytes, its events and rules files' bytes, DERIVATION_VERSION and the source of the
 * code that derives them (core/records, core/stats, core/analysis), so a rebuild does not redo
 * them and anything that changes what would be derived changes the key.
 */
import { LINE_TIMESTAMPS } from "../analysis/lines.ts";
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import { parseEventLog, type EventLog } from "../analysis/events.ts";
import { parseRuleSet, type RuleSet } from "../analysis/rules.ts";
import { cacheKey, contentCache, type ContentCache } from "../cache.ts";
import { UserError } from "../errors.ts";
import { fileDigest, rememberExtra } from "../file-digest.ts";
import { sha256 } from "../hash.ts";
import { displayFile, projectPath, runsDir } from "../paths.ts";
import { DERIVATION_VERSION } from "./derive.ts";
import type { RunRecord } from "./schema.ts";
import { parseRecord, recordFiles } from "./store.ts";
import { verifyAnalysis, verifyBenchmark, type Problem } from "./verify.ts";

/** One record file, checked: its derived view (null when it could not be parsed) and its problems. */
export interface CheckedFile {
  file: string;
  record: RunRecord | null;
  problems: Problem[];
  /** Analyses: whether the events file was re-analysed (its rules file is unchanged since the run). */
  reanalysed?: boolean;
}

export interface LoadOptions {
  /** Where derivations are cached; null to always derive. Default: the project cache. */
  cache?: ContentCache | null;
}

export { displayFile };

/** Records that fail verification; the message lists every problem as file: field: what — fix. */
export class RecordsError extends UserError {
  override name = "RecordsError";
  readonly failed: CheckedFile[];
  constructor(failed: CheckedFile[]) {
    super(formatProblems(failed), { exitCode: 1 });
    this.failed = failed;
  }
}

/** Every problem of the given files, at most `perFile` each, as file: field …: problem, then the fix. */
export function formatProblems(files: readonly CheckedFile[], perFile = 6): string {
  const bad = files.filter((f) => f.problems.length);
  const lines = [
    `${bad.length} recorded run${bad.length === 1 ? "" : "s"} cannot be trusted, so nothing is drawn from them:`,
  ];
  for (const f of bad) {
    for (const p of f.problems.slice(0, perFile))
      lines.push(
        `${displayFile(f.file)}: ${p.field.startsWith("(") ? "" : "field "}${p.field}: ${p.message}\n  fix: ${p.fix}`,
      );
    if (f.problems.length > perFile)
      lines.push(`${displayFile(f.file)}: … and ${f.problems.length - perFile} more problems`);
  }
  return lines.join("\n");
}

/** Where a record's rules file is now (paths in records are project-relative). */
function rulesPath(file: string): string {
  return isAbsolute(file) ? file : projectPath(file);
}

let fingerprint: string | undefined;

/** A hash of the deriving code, so an edit to it never reuses a cached derivation. */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const parts: string[] = [];
  for (const folder of ["core/records", "core/stats", "core/analysis"]) {
    const dir = projectPath(folder);
    let names: string[] = [];
    try {
      names = readdirSync(dir)
        .filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"))
        .sort();
    } catch {
      // not in a source checkout: the version number alone keys the cache
    }
    for (const name of names) parts.push(`${folder}/${name}`, readFileSync(join(dir, name), "utf8"));
  }
  fingerprint = sha256(parts.join("\0"));
  return fingerprint;
}

const bytesOrNull = (path: string) => readFile(path).catch(() => null);

/** What a derivation's cache key is made of, read from a record's text without validating it. */
interface KeyFields {
  analysis: boolean;
  eventsFile?: unknown;
  rules?: { file?: unknown };
}

/** The key fields of a record's text, or null when it is not even JSON (the full parse says why). */
function keyFields(text: string): KeyFields | null {
  try {
    const value = JSON.parse(text) as { schema?: unknown; eventsFile?: unknown; rules?: KeyFields["rules"] };
    if (!value || typeof value !== "object") return null;
    // Only what keys the cache: these fields are remembered with the file's digest.
    return {
      analysis: value.schema === "boot-talk/analysis@1",
      eventsFile: value.eventsFile,
      rules: { file: value.rules?.file },
    };
  } catch {
    return null;
  }
}

/** A cache entry: the derived view of a verified record, and whether an analysis was re-analysed. */
interface Entry {
  record: RunRecord;
  reanalysed?: boolean;
}

async function cached(cache: ContentCache, file: string, key: string): Promise<CheckedFile | null> {
  const hit = await cache.get(key);
  if (!hit) return null;
  const entry = JSON.parse(hit) as Entry;
  return {
    file,
    record: entry.record,
    problems: [],
    ...(entry.reanalysed !== undefined && { reanalysed: entry.reanalysed }),
  };
}

/** The derivation's cache key of an analysis, over its record's, events' and rules' bytes. */
function analysisCacheKey(textDigest: string, eventsDigest: string | null, rulesDigest: string | null): string {
  return cacheKey("analysis", DERIVATION_VERSION, codeFingerprint(), textDigest, eventsDigest, rulesDigest);
}

/** An analysis record's events and rules files as they are now, and the derivation's cache key over them. */
async function analysisKey(
  file: string,
  textDigest: string,
  eventsFile: string,
  rulesFile: string,
  eventsRead: Buffer | null = null,
) {
  const eventsPath = join(dirname(file), eventsFile);
  // Bytes, hashed as they are: the events file is megabytes, decoded only when it is analysed.
  const [eventsBytes, rulesBytes] = await Promise.all([
    eventsRead ?? bytesOrNull(eventsPath),
    bytesOrNull(rulesPath(rulesFile)),
  ]);
  // The rules' text is hashed as npm run analyze hashed it into the record (rules.sha256).
  const rulesText = rulesBytes?.toString("utf8") ?? null;
  const rulesDigest = rulesText && sha256(rulesText);
  const key = analysisCacheKey(textDigest, eventsBytes && sha256(eventsBytes), rulesDigest);
  return { key, eventsPath, eventsBytes, rulesText, rulesDigest };
}

/** What looking a record up by its digests found: the cached derivation, or the bytes it read to find out. */
interface Probe {
  hit: CheckedFile | null;
  /** The record's bytes and their SHA-256, when the lookup read them. */
  bytes: Buffer | null;
  sha256: string | null;
  eventsBytes: Buffer | null;
}

/**
 * A cached derivation of file, found from digests alone: the record's, its events file's and
 * its rules file's digests come from core/file-digest.ts, which reads a file only when it
 * changed since its digest was taken, and the record's key fields are kept with its digest. A
 * warm build therefore neither reads nor hashes the megabytes of content/runs/.
 */
async function cachedByDigest(file: string, cache: ContentCache): Promise<Probe> {
  const root = dirname(cache.dir); // the digests live with the cache they serve
  const digest = await fileDigest(file, root);
  if (!digest) return { hit: null, bytes: null, sha256: null, eventsBytes: null }; // unreadable: the full path reports it
  let bytes = digest.bytes;
  let fields = digest.extra as KeyFields | null | undefined;
  if (fields === undefined) {
    bytes ??= await bytesOrNull(file);
    // Read now (the digest was remembered): only bytes that hash to it stand for it.
    if (bytes && !digest.bytes && sha256(bytes) !== digest.sha256) bytes = null;
    fields = bytes && keyFields(bytes.toString("utf8"));
    if (fields) rememberExtra(file, digest.sha256, fields, root);
  }
  const miss = { hit: null, bytes, sha256: digest.sha256, eventsBytes: null };
  if (!fields) return miss;
  if (!fields.analysis) {
    const key = cacheKey("benchmark", DERIVATION_VERSION, codeFingerprint(), digest.sha256);
    return { ...miss, hit: await cached(cache, file, key) };
  }
  if (typeof fields.eventsFile !== "string" || typeof fields.rules?.file !== "string") return miss;
  const [events, rules] = await Promise.all([
    fileDigest(join(dirname(file), fields.eventsFile), root),
    bytesOrNull(rulesPath(fields.rules.file)),
  ]);
  const rulesDigest = rules && sha256(rules.toString("utf8"));
  const key = analysisCacheKey(digest.sha256, events?.sha256 ?? null, rulesDigest);
  return { ...miss, hit: await cached(cache, file, key), eventsBytes: events?.bytes ?? null };
}

/**
 * Reads, verifies and derives one record file (the events file is found next to it). A cached
 * derivation is looked up before the record is validated: its key pins the record's bytes (and
 * an analysis' events and rules bytes) and the deriving code, and only records that passed
 * verification are cached, so a hit stands for exactly the validation and derivation a miss does.
 */
export async function checkRecordFile(file: string, options: LoadOptions = {}): Promise<CheckedFile> {
  const cache = options.cache === undefined ? contentCache("derived-records") : options.cache;
  const probe = cache ? await cachedByDigest(file, cache) : null;
  if (probe?.hit) return probe.hit;
  // A miss derives from the very bytes the lookup hashed, when it had to read them.
  const bytes =
    probe?.bytes ??
    (await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EISDIR")
        throw new UserError(
          `${displayFile(file)}: is a folder, not a record file\n  hint: every *.json in the runs folder must be a record written by npm run bench / analyze; move or rename the folder`,
        );
      throw new UserError(
        `${displayFile(file)}: cannot read the record (${error.code ?? error.message})\n  hint: give the path of a record JSON file, e.g. content/runs/<id>.json`,
      );
    }));
  const text = bytes.toString("utf8");
  const textDigest = probe?.bytes ? probe.sha256! : sha256(bytes);

  let stored;
  try {
    stored = parseRecord(text, displayFile(file));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // parseRecord's message already names the file, line and field.
    const [what, ...hint] = error.message.split("\n  hint: ");
    return {
      file,
      record: null,
      problems: [
        {
          field: "(schema)",
          message: what!.replace(`${displayFile(file)}: `, ""),
          fix: hint.join("") || "restore the file from git",
        },
      ],
    };
  }

  if (stored.schema !== "boot-talk/analysis@1") {
    const key = cacheKey("benchmark", DERIVATION_VERSION, codeFingerprint(), textDigest);
    const { problems, derived } = verifyBenchmark(stored);
    if (!problems.length) await cache?.set(key, JSON.stringify({ record: derived } satisfies Entry));
    return { file, record: derived, problems };
  }

  const { key, eventsPath, eventsBytes, rulesText, rulesDigest } = await analysisKey(
    file,
    textDigest,
    stored.eventsFile,
    stored.rules.file,
    // The events the lookup read, when it read this very record text (so it names the same file).
    probe?.bytes ? probe.eventsBytes : null,
  );
  // …and only when its lines were assembled the way the analysis assembles them now (older
  // records cut lines after a pause: lineTimestamps "join-window").
  const reanalysed =
    rulesDigest !== null && rulesDigest === stored.rules.sha256 && stored.lineTimestamps === LINE_TIMESTAMPS;
  const eventsText = eventsBytes?.toString("utf8") ?? null;
  let events: EventLog | null = null;
  let eventsError: string | undefined = eventsText === null ? "no such file" : undefined;
  if (eventsText !== null) {
    try {
      events = parseEventLog(eventsText, displayFile(eventsPath));
    } catch (error) {
      eventsError = (error as Error).message;
    }
  }
  // Re-analysis only with the very rules the record names; a changed file is the stale check's business.
  let rules: RuleSet | null = null;
  const extra: Problem[] = [];
  if (reanalysed) {
    try {
      rules = parseRuleSet(rulesText!, stored.rules.file);
    } catch (error) {
      extra.push({
        field: "rules.file",
        message: `the recorded rules no longer parse: ${(error as Error).message.split("\n")[0]}`,
        fix: "the rule format changed since the run: analyse it again with npm run analyze -- --log EVENTS",
      });
    }
  }
  const { problems, derived } = verifyAnalysis(stored, { events, eventsError, rules });
  problems.push(...extra);
  const result = { file, record: derived, problems, reanalysed: reanalysed && rules !== null };
  if (!problems.length)
    await cache?.set(key, JSON.stringify({ record: derived, reanalysed: result.reanalysed } satisfies Entry));
  return result;
}

/** Checks every record file of dir (default: runsDir()). */
export async function checkRecords(dir = runsDir(), options: LoadOptions = {}): Promise<CheckedFile[]> {
  const files = await recordFiles(dir);
  return Promise.all(files.map((file) => checkRecordFile(file, options)));
}

/**
 * The records of dir as the site reads them: verified, derived, sorted by file name (= id,
 * so by time). Throws RecordsError naming every problem of every bad record.
 */
export async function loadRuns(dir = runsDir(), options: LoadOptions = {}): Promise<RunRecord[]> {
  const checked = await checkRecords(dir, options);
  if (checked.some((c) => c.problems.length)) throw new RecordsError(checked);
  const records = checked.map((c) => c.record!);
  const seen = new Map<string, string>();
  for (const [i, r] of records.entries()) {
    const other = seen.get(r.id);
    if (other)
      throw new UserError(
        `${displayFile(checked[i]!.file)}: field id: ${r.id} is also the id of ${displayFile(other)}; ids must be unique\n  fix: ${"remove the copy (records are never duplicated by the tools)"}`,
      );
    seen.set(r.id, checked[i]!.file);
  }
  return records;
}
