/**
 * Is a figure out of date? A figure is stale when the runs it is drawn from were made with a
 * benchmark definition (or analysis rules file) whose content has changed since, or with an
 * appliance (kernel or busybox) other than the one the newest recorded runs of the same kernel
 * kind use (the distribution kernel, or each of boot-talk's own kernel configs). Stale figures
 * still render; the warnings travel with the chart so pages can show them and builds can log them.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, isAbsolute, join } from "node:path";
import { canonicalJson, sha256 } from "../../core/hash.ts";
import { builtKernelRef } from "../../core/records/kernel-ref.ts";
import type { RunRecord } from "../../core/records/schema.ts";
import { projectRoot } from "../../core/paths.ts";
import { byTime } from "../../core/records/select.ts";
import { isAnalysis, isBenchmark } from "./runs.ts";

export const PROJECT_ROOT = projectRoot();
export const BENCHMARKS_DIR = join(PROJECT_ROOT, "content/benchmarks");
export const RULES_DIR = join(PROJECT_ROOT, "content/rules");

/** The appliance ingredients that make two runs comparable. */
export interface ApplianceIdentity {
  kernelSha256: string;
  busyboxSha256: string;
  /**
   * Which kernel this is: "distribution" (the stock kernel; the default), or "custom[:NAME]"
   * for a boot-talk build (npm run kernel, core/records/kernel-ref.ts). Each kind has its own current version, so a run of
   * the appliance's own kernel is not "older" than a newer run of the stock one.
   */
  kernelKind?: string;
}

const DISTRIBUTION = "distribution";

/** The appliance identities a record's boots used. */
export function applianceIdentities(record: RunRecord): ApplianceIdentity[] {
  const list = isBenchmark(record)
    ? record.variants.flatMap((v) => (v.appliance ? [v.appliance] : []))
    : record.target.appliance
      ? [record.target.appliance]
      : [];
  const seen = new Map<string, ApplianceIdentity>();
  for (const a of list)
    seen.set(`${a.kernel.sha256}/${a.busyboxSha256}`, {
      kernelSha256: a.kernel.sha256,
      busyboxSha256: a.busyboxSha256,
      kernelKind: builtKernelRef(a) ?? DISTRIBUTION,
    });
  return [...seen.values()];
}

/** The appliance of each kernel kind in the newest record that booted it: what "current" means. */
export function currentAppliances(records: RunRecord[]): Map<string, ApplianceIdentity> {
  const current = new Map<string, ApplianceIdentity>();
  for (const record of [...records].sort(byTime).reverse())
    for (const id of applianceIdentities(record)) {
      const kind = id.kernelKind ?? DISTRIBUTION;
      if (!current.has(kind)) current.set(kind, id);
    }
  return current;
}

/** The current appliance with the distribution kernel (null when no run booted one). */
export function currentAppliance(records: RunRecord[]): ApplianceIdentity | null {
  return currentAppliances(records).get(DISTRIBUTION) ?? null;
}

/** Where a definition file recorded in a run lives now (absolute, project-relative, or by name). */
function locate(file: string, fallbackDir: string): string | null {
  const candidates = [isAbsolute(file) ? file : join(PROJECT_ROOT, file), join(fallbackDir, basename(file))];
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** Hashes a definition the ways a recorder may have: raw bytes, or canonical JSON of its content. */
function definitionHashes(path: string): string[] {
  const bytes = readFileSync(path);
  const hashes = [sha256(bytes)];
  try {
    hashes.push(sha256(canonicalJson(JSON.parse(bytes.toString("utf8")))));
  } catch {
    // not JSON: the byte hash is the only one
  }
  return hashes;
}

/** Project-relative path for display and for `sources.definitions`. */
export function displayPath(file: string): string {
  return isAbsolute(file) && file.startsWith(PROJECT_ROOT + "/") ? file.slice(PROJECT_ROOT.length + 1) : file;
}

/** The definition files a record was made from. */
export function definitionFiles(record: RunRecord): string[] {
  if (isBenchmark(record)) return record.suite ? [displayPath(record.suite.file)] : [];
  if (isAnalysis(record)) return [displayPath(record.rules.file)];
  return [];
}

export interface StaleOptions {
  /** All records (to find the current appliance); default: just `used`. */
  all?: RunRecord[];
  /** Override of the current appliance (e.g. from a fresh buildAppliance()). */
  appliance?: ApplianceIdentity | null;
}

/** Warnings, one per stale record and reason, for the records a figure uses. */
export function staleWarnings(used: RunRecord[], options: StaleOptions = {}): string[] {
  const warnings: string[] = [];
  const current =
    options.appliance !== undefined
      ? new Map(options.appliance ? [[options.appliance.kernelKind ?? DISTRIBUTION, options.appliance]] : [])
      : currentAppliances(options.all ?? used);
  for (const record of used) {
    const def = isBenchmark(record)
      ? record.suite
        ? { file: record.suite.file, sha: record.suite.sha256, dir: BENCHMARKS_DIR, what: "benchmark definition" }
        : null
      : isAnalysis(record)
        ? { file: record.rules.file, sha: record.rules.sha256, dir: RULES_DIR, what: "analysis rules" }
        : null;
    if (def) {
      const path = locate(def.file, def.dir);
      if (!path) {
        warnings.push(`run ${record.id}: its ${def.what} ${displayPath(def.file)} no longer exists`);
      } else if (!definitionHashes(path).includes(def.sha)) {
        warnings.push(
          `run ${record.id}: ${def.what} ${displayPath(path)} changed since the run (recorded sha256 ${def.sha.slice(0, 12)}…); re-run it`,
        );
      }
    }
    const stale = applianceIdentities(record).flatMap((a) => {
      const now = current.get(a.kernelKind ?? DISTRIBUTION);
      return now && (a.kernelSha256 !== now.kernelSha256 || a.busyboxSha256 !== now.busyboxSha256) ? [{ a, now }] : [];
    });
    if (stale.length) {
      const { a, now } = stale[0]!;
      warnings.push(
        `run ${record.id}: booted an older appliance (kernel ${a.kernelSha256.slice(0, 12)}…) than the current one (kernel ${now.kernelSha256.slice(0, 12)}…); re-run it`,
      );
    }
  }
  return warnings;
}
