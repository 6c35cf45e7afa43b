/**
 * A site built from a scratch copy of content/runs (BOOT_TALK_RUNS_DIR) and a scratch
 * runs-chosen.json (BOOT_TALK_RUNS_CHOSEN) in which the data the talk uses has one of each
 * kind of problem a note on the data must name (src/talk/data-notes.ts):
 *
 *   stale    the story run, whose recorded suite definition hash no longer matches
 *            content/benchmarks/story.json (as if the definition changed after it ran);
 *   quality  a 3-boot kernel-args run (the committed run cut to its first three rounds and
 *            re-derived by the core, as the bench would have written it), pinned;
 *   mixed    the appliance analysis, recorded as a KVM run among TCG runs (its command line
 *            changed with it, so the record stays consistent and passes verification).
 *
 * Built once per test run with the project's own Astro build into a temporary folder; the
 * build log (stdout and stderr) is kept for the tests.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { buildBenchmarkRecord, measuredRun } from "../../core/records/derive.ts";
import { StoredRecord } from "../../core/records/schema.ts";
import { chosenAnalysisRunId, chosenSuiteRunId } from "../support/chosen-run.ts";
import { scratchRuns } from "../support/swap-samples.ts";

const root = resolve(import.meta.dirname, "../..");

// The runs the shipped talk reads (as the build chooses them), so a new recording moves the notes with it.
export const STALE_RUN = await chosenSuiteRunId("story");
export const KVM_RUN = await chosenAnalysisRunId("appliance");
const KERNEL_ARGS_RUN = await chosenSuiteRunId("kernel-args");
export const FEW_BOOTS_RUN = "2026-11-26T090000Z-kernel-args-000003";

export interface ScratchData {
  runsDir: string;
  choiceFile: string;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
const writeJson = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** The scratch runs folder and pins file, made as described above. */
export function scratchData(): ScratchData {
  const runsDir = scratchRuns();
  // Stale: the definition the run recorded is not the one in content/benchmarks/ any more.
  const storyPath = join(runsDir, `${STALE_RUN}.json`);
  const story = readJson(storyPath) as { suite: { sha256: string } };
  story.suite.sha256 = "0".repeat(64);
  writeJson(storyPath, story);
  // Low quality: three timed boots per variant, pinned for its suite.
  const stored = StoredRecord.parse(readJson(join(runsDir, `${KERNEL_ARGS_RUN}.json`)));
  if (stored.schema === "boot-talk/analysis@1") throw new Error(`${KERNEL_ARGS_RUN} is not a benchmark`);
  const run = measuredRun(stored);
  const timed = 3;
  run.id = FEW_BOOTS_RUN;
  run.createdAt = "2026-11-26T09:00:00.000Z";
  run.options = { ...run.options, runs: timed };
  for (const v of run.variants) {
    let kept = 0;
    v.samples = v.samples.filter((s) => s.warmup || kept++ < timed);
  }
  writeJson(join(runsDir, `${FEW_BOOTS_RUN}.json`), buildBenchmarkRecord(run));
  const choiceFile = join(mkdtempSync(join(tmpdir(), "boot-talk-chosen-")), "runs-chosen.json");
  writeJson(choiceFile, { minimumTimedBoots: 10, minimumAnalysisPasses: 5, suites: { "kernel-args": FEW_BOOTS_RUN } });
  // Mixed: one run says it used KVM while every other run used TCG (its events file's header too).
  const toKvm = (header: { accelerator: string; target: { argv: string[] } }) => {
    header.accelerator = "kvm";
    header.target.argv = header.target.argv.map((a) => a.replace("accel=tcg", "accel=kvm"));
    return header;
  };
  const analysisPath = join(runsDir, `${KVM_RUN}.json`);
  writeJson(analysisPath, toKvm(readJson(analysisPath) as never));
  const eventsPath = join(runsDir, `${KVM_RUN}.events.jsonl`);
  const [head, ...events] = readFileSync(eventsPath, "utf8").split("\n");
  writeFileSync(eventsPath, [JSON.stringify(toKvm(JSON.parse(head!) as never)), ...events].join("\n"));
  return { runsDir, choiceFile };
}

export interface DataNotesSite extends ScratchData {
  dist: string;
  /** Everything the build printed. */
  log: string;
}

let built: Promise<DataNotesSite> | undefined;

/** Builds the site from the scratch data (once) and returns its folder and log. */
export function dataNotesSite(): Promise<DataNotesSite> {
  built ??= (async () => {
    const data = scratchData();
    const dist = mkdtempSync(join(tmpdir(), "data-notes-site-"));
    const result = await execa(
      process.execPath,
      [join(root, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", dist],
      {
        cwd: root,
        all: true,
        reject: false,
        env: {
          BOOT_TALK_RUNS_DIR: data.runsDir,
          BOOT_TALK_RUNS_CHOSEN: data.choiceFile,
          ASTRO_TELEMETRY_DISABLED: "1",
        },
      },
    );
    if (result.exitCode !== 0) throw new Error(`the scratch site did not build:\n${result.all}`);
    return { ...data, dist, log: String(result.all) };
  })();
  return built;
}

/** Deletes the scratch folders (the built site stays for a failing test's screenshots until then). */
export function removeDataNotesSite(site: DataNotesSite): void {
  for (const dir of [site.runsDir, resolve(site.choiceFile, ".."), site.dist])
    rmSync(dir, { recursive: true, force: true });
}
