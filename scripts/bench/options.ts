/**
 * Command-line options of `npm run bench`. Parsing is pure (argv in, options out) so every
 * option and every mistake can be tested without booting anything.
 */
import { parseArgs } from "node:util";
import { UserError } from "../../core/errors.ts";
import { ORDERS, type Order } from "./schedule.ts";

export interface BenchOptions {
  runs: number;
  warmup: number;
  /** Kernel arguments added to every variant's command line. */
  append: string[];
  memoryMiB: number | null;
  smp: number | null;
  kernel: string | null;
  suite: string | null;
  /** Command to time instead of booting the appliance (after `--exec … --`). */
  exec: string[] | null;
  out: string | null;
  exportCsv: string | null;
  exportMarkdown: string | null;
  timeoutMs: number;
  order: Order;
  seed: number | null;
  help: boolean;
}

export const DEFAULTS = { runs: 10, warmup: 3, timeoutSeconds: 60 } as const;

export const USAGE = `usage: npm run bench -- [options]
       npm run bench -- --exec [options] -- COMMAND [ARGS...]

Boots the boot-talk appliance under QEMU (or times COMMAND with --exec), ${DEFAULTS.warmup} warm-ups then
${DEFAULTS.runs} timed runs, and prints mean ± sample sd plus robust statistics. Writes one record to
content/runs/<id>.json (or --out PATH).

options:
  --runs N              timed runs per variant (default ${DEFAULTS.runs})
  --warmup N            untimed warm-up runs per variant (default ${DEFAULTS.warmup})
  --append "ARGS"       kernel arguments added to every boot (e.g. --append "quiet")
  --memsize MiB         guest memory (default 256)
  --smp N               guest vCPUs (default 1)
  --kernel PATH         kernel image (default: newest /boot/vmlinuz-*); custom[:NAME] = npm run kernel's build
  --suite NAME          run content/benchmarks/NAME.json: every variant, interleaved, with savings
  --exec                time the command after "--" instead of booting (no shell involved)
  --order interleaved|shuffled   order of runs across variants (default interleaved)
  --seed N              seed for shuffling and bootstrap resampling (default: random, recorded)
  --timeout SECONDS     kill a run after this long and count it as failed (default ${DEFAULTS.timeoutSeconds})
  --out PATH            write the record to PATH instead of content/runs/
  --export-csv PATH     per-variant summary as CSV ("-" for stdout)
  --export-markdown PATH  table with a "relative ± CI" column ("-" for stdout)
  -h, --help            this text
`;

function integer(name: string, raw: string | undefined, min: number, fallback: number | null): number | null {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) {
    throw new UserError(`--${name} must be a whole number ≥ ${min}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** Parses the arguments after `npm run bench --`. Throws UserError with a fix for bad input. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  // Everything after the first "--" is the command for --exec, untouched.
  const dashDash = argv.indexOf("--");
  const own = dashDash === -1 ? [...argv] : argv.slice(0, dashDash);
  const command = dashDash === -1 ? [] : argv.slice(dashDash + 1);
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      allowPositionals: false,
      strict: true,
      options: {
        runs: { type: "string" },
        warmup: { type: "string" },
        append: { type: "string" },
        memsize: { type: "string", short: "m" },
        smp: { type: "string" },
        kernel: { type: "string" },
        suite: { type: "string" },
        exec: { type: "boolean" },
        out: { type: "string" },
        "export-csv": { type: "string" },
        "export-markdown": { type: "string" },
        timeout: { type: "string" },
        order: { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UserError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const v = parsed.values;
  const order = (v.order ?? "interleaved") as Order;
  if (!ORDERS.includes(order))
    throw new UserError(`--order must be one of ${ORDERS.join(", ")}, got ${JSON.stringify(v.order)}`);
  const timeout = v.timeout === undefined ? DEFAULTS.timeoutSeconds : Number(v.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new UserError(`--timeout must be a positive number of seconds, got ${JSON.stringify(v.timeout)}`);
  if (v.exec && command.length === 0)
    throw new UserError(`--exec needs a command after "--", e.g. npm run bench -- --exec -- sleep 0.3`);
  if (!v.exec && command.length > 0)
    throw new UserError(`a command after "--" is only used with --exec (got ${JSON.stringify(command.join(" "))})`);
  if (v.exec && v.suite) throw new UserError("--exec and --suite cannot be combined: a suite boots the appliance");
  const qemuOnly = (["append", "memsize", "smp", "kernel"] as const).filter((k) => v[k] !== undefined);
  if (v.exec && qemuOnly.length)
    throw new UserError(`--${qemuOnly[0]} changes the appliance boot and has no effect with --exec`);
  const runs = integer("runs", v.runs, 1, DEFAULTS.runs)!;
  return {
    runs,
    warmup: integer("warmup", v.warmup, 0, DEFAULTS.warmup)!,
    append: (v.append ?? "").split(/\s+/).filter(Boolean),
    memoryMiB: integer("memsize", v.memsize, 16, null),
    smp: integer("smp", v.smp, 1, null),
    kernel: v.kernel ?? null,
    suite: v.suite ?? null,
    exec: v.exec ? command : null,
    out: v.out ?? null,
    exportCsv: v["export-csv"] ?? null,
    exportMarkdown: v["export-markdown"] ?? null,
    timeoutMs: timeout * 1000,
    order,
    seed: integer("seed", v.seed, 0, null),
    help: v.help ?? false,
  };
}
