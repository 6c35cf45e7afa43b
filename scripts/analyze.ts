/**
 * `npm run analyze`: where does the boot time go? Boots the appliance (or runs any command)
 * in analysis mode, timestamps every console line on the host, turns rule matches into named
 * activities, and prints the original boot-analysis timeline; writes a record and its raw
 * events to content/runs/.
 *
 *   npm run analyze -- [--passes 5] [--warmup 3] [--rules appliance] [--colour]
 *   npm run analyze -- --log content/runs/ID.events.jsonl        (re-analyse, no boot)
 *   npm run analyze -- --rules libguestfs --exec -- guestfish -v -x -a /dev/null run
 */
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { READY_MARKER } from "./appliance/init-script.ts";
import { runCaptured } from "./capture/run-captured.ts";
import { analyzeLog, AnalysisFailure, type AnalysisResult } from "../core/analysis/analyze-log.ts";
import { capturePasses } from "./analysis/capture.ts";
import {
  EVENTS_SCHEMA,
  EventLogError,
  formatEventLog,
  parseEventLog,
  type EventLog,
  type EventsHeader,
} from "../core/analysis/events.ts";
import { buildRecord } from "../core/analysis/record.ts";
import { renderReport } from "../core/analysis/report.ts";
import { parseRuleSet, RuleError, type RuleSet } from "../core/analysis/rules.ts";
import { runMain, UserError } from "../core/errors.ts";
import { sha256 } from "../core/hash.ts";
import { readHostInfo } from "./lib/host.ts";
import { readToolInfo } from "./lib/provenance.ts";
import { prepareBoot, type BootSpec } from "./qemu/boot-spec.ts";
import { MACHINE_TYPES, type MachineType } from "./qemu/machine.ts";
import { newRecordId, RUNS_DIR, writeNewFile, writeRecord } from "../core/records/store.ts";
import { projectPath, projectRoot } from "../core/paths.ts";

const RULES_DIR = projectPath("content/rules");
/** Kernel arguments of analysis mode: every initcall, every message, printk times. */
export const ANALYSIS_APPEND = ["initcall_debug", "ignore_loglevel", "printk.time=1"];

const USAGE = `usage: npm run analyze -- [options] [--exec -- CMD ARGS...]
  --rules NAME|FILE      rule set (content/rules/NAME.json); default appliance, or the one in --log
  --passes N             recorded passes (default 5)
  --warmup N             warm-up runs, not recorded (default 3)
  --timeout MS           per-pass timeout (default 120000)
  --observer-boots N     quiet boots, one after each of the first N passes, for the cost of
                         observing (default 3; 0 = skip)
  --machine pc|q35|microvm, --memory MIB, --bios FILE, --append ARG (repeatable)
  --log FILE             re-analyse a saved events file instead of running anything
  --out DIR              where to write the record and events (default content/runs)
  --no-record            do not write a record (with --log, nothing is written unless --out)
  --colour, --color      colour the timeline even when stdout is not a terminal
  --exec -- CMD ARGS...  capture any command's stdout and stderr instead of booting`;

interface Options {
  rules?: string;
  passes: number;
  warmup: number;
  timeoutMs: number;
  observerBoots: number;
  log?: string;
  out?: string;
  record: boolean;
  colour: boolean;
  exec: string[] | null;
  spec: BootSpec;
}

function parseOptions(argv: string[]): Options | null {
  const dashdash = argv.indexOf("--");
  const execIndex = argv.indexOf("--exec");
  let exec: string[] | null = null;
  let own = argv;
  if (execIndex !== -1) {
    if (dashdash !== execIndex + 1 || dashdash === argv.length - 1)
      throw new UserError(`--exec needs "-- CMD ARGS..." after it\n${USAGE}`);
    exec = argv.slice(dashdash + 1);
    own = [...argv.slice(0, execIndex)];
  }
  const { values } = parseArgs({
    args: own,
    options: {
      rules: { type: "string" },
      passes: { type: "string" },
      warmup: { type: "string" },
      timeout: { type: "string" },
      "observer-boots": { type: "string" },
      machine: { type: "string" },
      memory: { type: "string" },
      bios: { type: "string" },
      append: { type: "string", multiple: true },
      log: { type: "string" },
      out: { type: "string" },
      "no-record": { type: "boolean" },
      colour: { type: "boolean" },
      color: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return null;
  const int = (name: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new UserError(`--${name} must be a whole number ≥ ${min} (got ${JSON.stringify(value)})`);
    return n;
  };
  const machine = values.machine as MachineType | undefined;
  if (machine && !MACHINE_TYPES.includes(machine))
    throw new UserError(`--machine must be pc, q35 or microvm (got ${machine})`);
  return {
    rules: values.rules,
    passes: int("passes", values.passes, 5, 1),
    warmup: int("warmup", values.warmup, 3, 0),
    timeoutMs: int("timeout", values.timeout, 120_000, 1000),
    observerBoots: int("observer-boots", values["observer-boots"], exec ? 0 : 3, 0),
    log: values.log,
    out: values.out,
    record: !values["no-record"],
    colour: Boolean(values.colour || values.color) || process.stdout.isTTY === true,
    exec,
    spec: {
      machine,
      memoryMiB: values.memory ? int("memory", values.memory, 256, 16) : undefined,
      bios: values.bios,
      append: [...ANALYSIS_APPEND, ...(values.append ?? [])],
    },
  };
}

async function loadRules(nameOrFile: string): Promise<{ rules: RuleSet; file: string; sha256: string }> {
  const file = /[/\\]|\.json$/.test(nameOrFile) ? resolve(nameOrFile) : join(RULES_DIR, `${nameOrFile}.json`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UserError(
      `rule set ${JSON.stringify(nameOrFile)} not found (looked for ${file}); rule sets live in content/rules/`,
    );
  }
  try {
    return { rules: parseRuleSet(text, relative(process.cwd(), file) || file), file, sha256: sha256(text) };
  } catch (error) {
    if (error instanceof RuleError) throw new UserError(error.message);
    throw error;
  }
}

/** Runs the target and returns the events log (nothing analysed yet). */
async function capture(
  options: Options,
  rulesName: string,
  signal: AbortSignal,
): Promise<{ log: EventLog; aborted: boolean }> {
  const progress = (m: string) => process.stderr.write(m + "\n");
  const [tool, host] = await Promise.all([readToolInfo(), readHostInfo()]);
  let argv: string[];
  let target: EventsHeader["target"];
  let qemu: EventsHeader["qemu"] = null;
  let accelerator: EventsHeader["accelerator"] = null;
  if (options.exec) {
    argv = options.exec;
    target = { kind: "exec", argv, appliance: null, about: {} };
  } else {
    const boot = await prepareBoot(options.spec);
    argv = boot.argv;
    const { kernel, initrd, hash, busybox } = boot.appliance;
    target = {
      kind: "appliance",
      argv,
      appliance: {
        hash,
        kernel: { path: kernel.path, sha256: kernel.sha256, bytes: kernel.bytes },
        initrd: { sha256: initrd.sha256, bytes: initrd.bytes, compression: initrd.compression },
        busyboxSha256: busybox.sha256,
      },
      about: {},
    };
    qemu = boot.qemu;
    accelerator = boot.accelerator;
  }
  // The cost of observing: quiet (benchmark-mode) boots interleaved with the recorded passes.
  const walls: number[] = [];
  let quietArgv: string[] | null = null;
  if (!options.exec && options.observerBoots > 0) {
    quietArgv = (
      await prepareBoot({
        ...options.spec,
        append: ["quiet", ...(options.spec.append ?? []).filter((a) => !ANALYSIS_APPEND.includes(a))],
      })
    ).argv;
  }
  const afterPass = async (pass: number) => {
    if (!quietArgv || pass >= options.observerBoots) return;
    const result = await runCaptured(quietArgv, { timeoutMs: options.timeoutMs, marker: READY_MARKER, signal });
    if (result.ok) walls.push(result.wallMs);
    if (result.failure !== "aborted")
      progress(`    quiet boot ${pass + 1}: ${result.failure ?? "ok"} in ${result.wallMs.toFixed(1)} ms`);
  };
  const outcome = await capturePasses(argv, {
    passes: options.passes,
    warmup: options.warmup,
    timeoutMs: options.timeoutMs,
    signal,
    progress,
    afterPass,
  });
  const header: EventsHeader = {
    type: "header",
    schema: EVENTS_SCHEMA,
    rules: rulesName,
    target,
    passes: Math.max(outcome.completed, 1),
    warmup: options.warmup,
    createdAt: new Date().toISOString(),
    tool,
    host,
    qemu,
    accelerator,
    capture: "fifo",
  };
  const log: EventLog = {
    header,
    events: outcome.events,
    observer: walls.length ? { type: "observer", quietWallMs: walls } : null,
  };
  return { log, aborted: outcome.aborted };
}

await runMain(async () => {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  let log: EventLog;
  let aborted = false;
  let rulesName = options.rules ?? "appliance";
  if (options.log) {
    const text = await readFile(options.log, "utf8").catch(() => {
      throw new UserError(`cannot read the events file ${options.log}`);
    });
    try {
      log = parseEventLog(text, options.log);
    } catch (error) {
      if (error instanceof EventLogError) throw new UserError(error.message);
      throw error;
    }
    rulesName = options.rules ?? log.header.rules;
  }
  // Rules are loaded (and validated) before anything boots.
  const rules = await loadRules(rulesName);
  if (!options.log) {
    const controller = new AbortController();
    // A listener stays installed for the whole capture: execa's exit hook re-raises SIGINT
    // when no other listener is left. A second Ctrl-C quits at once.
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write("\ninterrupted: finishing with the passes recorded so far (Ctrl-C again to quit)\n");
      controller.abort();
    };
    process.on("SIGINT", onSigint);
    const captured = await capture(options, rules.rules.name, controller.signal).finally(() =>
      process.off("SIGINT", onSigint),
    );
    log = captured.log;
    aborted = captured.aborted;
    if (log.events.length === 0)
      throw new UserError("interrupted before any pass was recorded; nothing written", { exitCode: 1 });
  }
  log = log!;
  const id = newRecordId(`analysis-${rules.rules.name}`);
  const outDir = options.out ? resolve(options.out) : RUNS_DIR;
  const eventsName = `${id}.events.jsonl`;

  let result: AnalysisResult;
  try {
    result = analyzeLog(log, rules.rules);
  } catch (error) {
    if (!(error instanceof AnalysisFailure)) throw error;
    let saved = "";
    if (!options.log) {
      const path = join(tmpdir(), `boot-talk-failed-${eventsName}`);
      await writeFile(path, formatEventLog(log));
      saved = `\n  the raw events are in ${path}; after fixing the rules re-run with --log ${path}`;
    }
    throw new UserError(`the analysis could not follow this boot:\n${error.message}${saved}`, { exitCode: 1 });
  }
  const rulesFile = relative(projectRoot(), rules.file);
  const record = buildRecord({
    id,
    header: log.header,
    result,
    rules: { name: rules.rules.name, file: rulesFile, sha256: rules.sha256 },
    eventsFile: eventsName,
    status: aborted ? "partial" : "complete",
  });
  process.stdout.write(renderReport(record, result.passes, { colour: options.colour }));

  const write = options.log ? Boolean(options.out) && options.record : options.record;
  if (write) {
    await writeNewFile(join(outDir, eventsName), formatEventLog(log));
    const path = await writeRecord(record, join(outDir, `${id}.json`));
    process.stderr.write(`record written: ${relative(process.cwd(), path)} (events: ${basename(eventsName)})\n`);
  }
  return aborted ? 1 : 0;
});
