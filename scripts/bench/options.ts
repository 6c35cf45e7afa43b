/**
 * Command-line options of `npm run bench`: the shared options (scripts/cli/options.ts) plus
 * the benchmark's own. Parsing is pure (argv in, options out) so every option and every
 * mistake can be tested without booting anything.
 */
import { UserError } from "../../core/errors.ts";
import type { MachineType } from "../qemu/machine.ts";
import { parseCommandLine, usage, type AcceleratorChoice, type CommandSpec } from "../cli/options.ts";
import type { Parameter } from "../cli/parameters.ts";
import { integer, oneOf } from "../cli/values.ts";
import { ORDERS, type Order } from "./schedule.ts";

export interface BenchOptions {
  runs: number;
  warmup: number;
  /** Kernel arguments added to every variant's command line. */
  append: string[];
  memoryMiB: number | null;
  smp: number | null;
  kernel: string | null;
  machine: MachineType | null;
  bios: string | null;
  accel: AcceleratorChoice | null;
  suite: string | null;
  /** Commands to time instead of booting the appliance (--exec), one variant each. */
  exec: string[][] | null;
  parameters: Parameter[];
  out: string | null;
  exportCsv: string | null;
  exportMarkdown: string | null;
  exportJson: string | null;
  /** Keep going when a command cannot start or fails on its first run. */
  ignoreFailure: boolean;
  /** Let exports replace existing files (records are never replaced). */
  force: boolean;
  timeoutMs: number;
  order: Order;
  seed: number | null;
  help: boolean;
}

export const DEFAULTS = { runs: 10, warmup: 3, timeoutSeconds: 60 } as const;

export const BENCH: CommandSpec = {
  command: "bench",
  synopsis: [
    "npm run bench -- [options]",
    "npm run bench -- --exec [options] 'COMMAND ARGS' ['COMMAND2 ARGS' ...]",
    "npm run bench -- --exec [options] -- COMMAND ARGS...",
  ],
  description: `Boots the boot-talk appliance under QEMU (or times commands with --exec), ${DEFAULTS.warmup} warm-ups then
${DEFAULTS.runs} timed runs per variant, interleaved, and prints mean ± sample sd, robust statistics and
each variant's saving against the first. Writes one record to content/runs/<id>.json (or --out).`,
  defaults: DEFAULTS,
  own: {
    suite: { type: "string", value: "NAME", help: "run content/benchmarks/NAME.json: every variant, interleaved" },
    order: { type: "string", value: ORDERS.join("|"), help: "order of runs within each round (default interleaved)" },
    seed: {
      type: "string",
      value: "N",
      help: "seed for shuffling and bootstrap resampling (default: random, recorded)",
    },
    "parameter-scan": {
      type: "string",
      value: "NAME MIN MAX",
      help: "one variant per value MIN, MIN+STEP, … MAX (--parameter-step-size STEP, default 1)",
    },
    "parameter-list": { type: "string", value: "NAME A,B,C", help: "one variant per listed value" },
    "ignore-failure": {
      type: "boolean",
      help: "go on when a command cannot start or fails its first run (default: stop)",
    },
    "export-csv": {
      type: "string",
      value: "PATH",
      help: 'per-variant summary as CSV ("-": stdout, the report goes to stderr)',
    },
    "export-json": { type: "string", value: "PATH", help: 'the whole record as JSON ("-": stdout)' },
    "export-markdown": { type: "string", value: "PATH", help: 'table with a "relative ± CI" column ("-": stdout)' },
    force: { type: "boolean", help: "let --export-* replace an existing file (a record is never replaced)" },
  },
  parameters: true,
  multipleCommands: true,
  notes: [
    "--exec: each quoted COMMAND is split into words as a shell would (quotes, backslashes) but no shell",
    "runs it (pipes, globs and $VARS are refused: use 'sh -c \"…\"'); words after -- are one command as given.",
    "Parameters: NAME is a boot setting (memsize, smp, machine, accel) or any name written as {NAME} in an",
    "--exec command or an --append value, e.g. --parameter-scan n 1 3 --exec 'sleep 0.{n}'.",
  ],
};

export const USAGE = usage(BENCH);

/** Parses the arguments after `npm run bench --`. Throws UserError with a fix for bad input. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { shared, own } = parseCommandLine(argv, BENCH);
  const str = (name: string) => own[name] as string | undefined;
  const suite = str("suite") ?? null;
  if (shared.exec && suite) throw new UserError("--exec and --suite cannot be combined: a suite boots the appliance");
  if (suite && shared.parameters.length)
    throw new UserError(
      "--parameter-scan/--parameter-list make their own variants; they cannot be combined with --suite",
    );
  return {
    runs: shared.runs,
    warmup: shared.warmup,
    append: shared.append,
    memoryMiB: shared.memoryMiB,
    smp: shared.smp,
    kernel: shared.kernel,
    machine: shared.machine,
    bios: shared.bios,
    accel: shared.accel,
    suite,
    exec: shared.exec,
    parameters: shared.parameters,
    out: shared.out,
    exportCsv: str("export-csv") ?? null,
    exportMarkdown: str("export-markdown") ?? null,
    exportJson: str("export-json") ?? null,
    ignoreFailure: Boolean(own["ignore-failure"]),
    force: Boolean(own.force),
    timeoutMs: shared.timeoutMs,
    order: str("order") === undefined ? "interleaved" : oneOf("order", str("order")!, ORDERS),
    seed: str("seed") === undefined ? null : integer("seed", str("seed")!, 0, 2 ** 32 - 1),
    help: shared.help,
  };
}
