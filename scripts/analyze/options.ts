/**
 * Command-line options of `npm run analyze`: the shared options (scripts/cli/options.ts) plus
 * the analysis's own. Pure: argv in, options out.
 */
import { parseCommandLine, usage, type CommandSpec } from "../cli/options.ts";
import { integer } from "../cli/values.ts";
import type { BootSpec } from "../qemu/boot-spec.ts";
import { UserError } from "../../core/errors.ts";

/** Kernel arguments of analysis mode: every initcall, every message, printk times. */
export const ANALYSIS_APPEND = ["initcall_debug", "ignore_loglevel", "printk.time=1"];

export const ANALYZE: CommandSpec = {
  command: "analyze",
  synopsis: [
    "npm run analyze -- [options]",
    "npm run analyze -- --log content/runs/ID.events.jsonl      (re-analyse, no boot)",
    "npm run analyze -- --rules libguestfs --exec -- guestfish -v -x -a /dev/null run",
  ],
  description: `Boots the appliance (or runs one command) in analysis mode, timestamps every console line on
the host, turns rule matches into named activities and prints the original boot-analysis
timeline; writes a record and its raw events to content/runs/ (or --out).`,
  defaults: { runs: 5, warmup: 3, timeoutSeconds: 120 },
  own: {
    rules: {
      type: "string",
      value: "NAME|FILE",
      help: "rule set (content/rules/NAME.json); default appliance, or the log's",
    },
    "observer-boots": {
      type: "string",
      value: "N",
      help: "quiet boots, one after each of the first N passes, for the cost of observing (default 3; 0 = skip)",
    },
    log: { type: "string", value: "FILE", help: "re-analyse a saved events file instead of running anything" },
    "no-record": { type: "boolean", help: "write no record (with --log nothing is written unless --out)" },
    colour: { type: "boolean", help: "colour the timeline even when stdout is not a terminal (also --color)" },
    color: { type: "boolean", help: "same as --colour" },
  },
  aliases: { passes: "runs" },
  parameters: false,
  multipleCommands: false,
};

export const USAGE = usage(ANALYZE);

export interface AnalyzeOptions {
  rules: string | null;
  passes: number;
  warmup: number;
  timeoutMs: number;
  observerBoots: number;
  log: string | null;
  out: string | null;
  record: boolean;
  colour: boolean;
  exec: string[] | null;
  spec: BootSpec;
  help: boolean;
}

export function parseAnalyzeArgs(argv: readonly string[], stdoutIsTty = process.stdout.isTTY === true): AnalyzeOptions {
  const { shared, own } = parseCommandLine(argv, ANALYZE);
  const str = (name: string) => own[name] as string | undefined;
  const exec = shared.exec?.[0] ?? null;
  const observer = str("observer-boots");
  if (exec && observer !== undefined && observer !== "0")
    throw new UserError("--observer-boots compares quiet appliance boots; it has no meaning with --exec");
  const log = str("log") ?? null;
  if (log && exec) throw new UserError("--log re-analyses a saved capture; it cannot be combined with --exec");
  return {
    rules: str("rules") ?? null,
    passes: shared.runs,
    warmup: shared.warmup,
    timeoutMs: shared.timeoutMs,
    observerBoots: observer === undefined ? (exec ? 0 : 3) : integer("observer-boots", observer, 0, 1000),
    log,
    out: shared.out,
    record: !own["no-record"],
    colour: Boolean(own.colour || own.color) || stdoutIsTty,
    exec,
    spec: {
      ...(shared.machine ? { machine: shared.machine } : {}),
      ...(shared.memoryMiB !== null ? { memoryMiB: shared.memoryMiB } : {}),
      ...(shared.smp !== null ? { smp: shared.smp } : {}),
      ...(shared.kernel ? { kernel: shared.kernel } : {}),
      ...(shared.bios ? { bios: shared.bios } : {}),
      ...(shared.accel ? { accelerator: shared.accel } : {}),
      append: [...ANALYSIS_APPEND, ...shared.append],
    },
    help: shared.help,
  };
}
