/**
 * The options `npm run bench` and `npm run analyze` share: one name, one unit, one validation
 * and one help line each, defined here once. Each command adds its own options and defaults
 * (a CommandSpec) and gets the same parser, the same one-line errors for unknown options, and
 * a USAGE text rendered from the same table. Pure: argv in, options out.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../../core/errors.ts";
import { MACHINE_TYPES, type MachineType } from "../qemu/machine.ts";
import { commandWords } from "./command-words.ts";
import { extractParameterOptions, listValues, scanValues, type Parameter } from "./parameters.ts";
import { duration, integer, oneOf } from "./values.ts";

export const ACCELERATORS = ["auto", "kvm", "tcg"] as const;
export type AcceleratorChoice = (typeof ACCELERATORS)[number];

/** One option: its parseArgs type, the value's placeholder and the help line. */
export interface OptionDef {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  value?: string;
  help: string;
}

/** The shared options; their help lines appear in both commands' USAGE. */
export const SHARED: Record<string, OptionDef> = {
  runs: { type: "string", value: "N", help: "timed runs (bench: per variant; analyze: recorded passes)" },
  warmup: { type: "string", value: "N", help: "untimed warm-up runs first (per variant)" },
  timeout: {
    type: "string",
    value: "DURATION",
    help: 'kill a run after this long and count it as failed: seconds ("90", "90s") or "500ms", "2m"',
  },
  memsize: { type: "string", short: "m", value: "MiB", help: "guest memory (default 256)" },
  smp: { type: "string", value: "N", help: "guest vCPUs (default 1)" },
  kernel: {
    type: "string",
    value: "PATH",
    help: "kernel image (default: newest /boot/vmlinuz-*); custom[:NAME] = npm run kernel's build",
  },
  machine: { type: "string", value: MACHINE_TYPES.join("|"), help: "QEMU machine type (default pc)" },
  bios: { type: "string", value: "FILE", help: "firmware for -bios (default: QEMU's SeaBIOS)" },
  append: {
    type: "string",
    multiple: true,
    value: '"ARGS"',
    help: 'kernel arguments added to every boot; repeatable, each may hold several ("quiet loglevel=3")',
  },
  accel: {
    type: "string",
    value: ACCELERATORS.join("|"),
    help: "accelerator; auto tries KVM with a short QEMU probe and falls back to TCG (default auto)",
  },
  out: {
    type: "string",
    value: "PATH",
    help: "write the record to PATH.json, or into the folder PATH (default content/runs/)",
  },
  exec: {
    type: "boolean",
    help: "run commands instead of booting: --exec 'CMD ARGS' ['CMD2 ARGS' ...] or --exec -- CMD ARGS...",
  },
  help: { type: "boolean", short: "h", help: "this text" },
};

export interface SharedOptions {
  runs: number;
  warmup: number;
  timeoutMs: number;
  memoryMiB: number | null;
  smp: number | null;
  kernel: string | null;
  machine: MachineType | null;
  bios: string | null;
  /** Kernel arguments, one per element (each --append value split at spaces). */
  append: string[];
  accel: AcceleratorChoice | null;
  out: string | null;
  /** Commands to run instead of a boot (each an argv), or null. */
  exec: string[][] | null;
  /** --parameter-scan / --parameter-list, in the order given (commands that take them). */
  parameters: Parameter[];
  help: boolean;
}

/** What a command adds: its name, text, defaults and own options. */
export interface CommandSpec {
  command: string;
  synopsis: string[];
  description: string;
  defaults: { runs: number; warmup: number; timeoutSeconds: number };
  own: Record<string, OptionDef>;
  /** Other names accepted for a shared option, e.g. analyze's --passes for --runs. */
  aliases?: Record<string, keyof typeof SHARED>;
  /** Whether --parameter-scan/--parameter-list are accepted, and several --exec commands. */
  parameters: boolean;
  multipleCommands: boolean;
  /** Extra help text after the options. */
  notes?: string[];
}

export type OwnValues = Record<string, string | boolean | string[] | undefined>;

const BOUNDS = {
  runs: [1, 100_000],
  warmup: [0, 10_000],
  memsize: [16, 65_536],
  smp: [1, 64],
} as const;

/** Parses argv for a command; throws UserError (one line + a pointer to --help) on bad input. */
export function parseCommandLine(
  argv: readonly string[],
  spec: CommandSpec,
): { shared: SharedOptions; own: OwnValues } {
  const extracted = spec.parameters
    ? extractParameterOptions(argv)
    : { rest: [...argv], scans: [], lists: [] as Array<[string, string]> };
  const dashDash = extracted.rest.indexOf("--");
  const own = dashDash === -1 ? extracted.rest : extracted.rest.slice(0, dashDash);
  const words = dashDash === -1 ? [] : extracted.rest.slice(dashDash + 1);
  const options: ParseArgsConfig["options"] = {};
  for (const [name, def] of [...Object.entries(SHARED), ...Object.entries(spec.own)])
    options[name] = {
      type: def.type,
      ...(def.multiple ? { multiple: true } : {}),
      ...(def.short ? { short: def.short } : {}),
    };
  for (const alias of Object.keys(spec.aliases ?? {})) options[alias] = { type: "string" };
  if (spec.parameters) options["parameter-step-size"] = { type: "string" };
  let parsed;
  try {
    parsed = parseArgs({ args: own, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError(`${describeParseError(error as Error)}; run npm run ${spec.command} -- --help for the options`);
  }
  const v = parsed.values as OwnValues;
  for (const [alias, target] of Object.entries(spec.aliases ?? {})) {
    if (v[alias] === undefined) continue;
    if (v[target] !== undefined) throw new UserError(`--${alias} and --${target} are the same option; give one`);
    v[target] = v[alias];
  }
  const str = (name: string) => v[name] as string | undefined;

  let exec: string[][] | null = null;
  if (v.exec) {
    exec = parsed.positionals.map(commandWords);
    if (words.length) exec.push(words);
    if (exec.length === 0)
      throw new UserError(
        `--exec needs a command: --exec 'sleep 0.3' or --exec -- sleep 0.3 (run npm run ${spec.command} -- --help)`,
      );
    if (exec.length > 1 && !spec.multipleCommands)
      throw new UserError(`${spec.command} --exec takes one command (got ${exec.length})`);
  } else if (parsed.positionals.length || words.length) {
    const stray = parsed.positionals[0] ?? words.join(" ");
    throw new UserError(
      `unexpected argument ${JSON.stringify(stray)}: commands to run go after --exec (e.g. --exec 'sleep 0.3')`,
    );
  }
  const bootOnly = (["append", "memsize", "smp", "kernel", "machine", "bios", "accel"] as const).filter(
    (k) => v[k] !== undefined,
  );
  if (exec && bootOnly.length)
    throw new UserError(`--${bootOnly[0]} changes the appliance boot and has no effect with --exec`);

  const parameters: Parameter[] = [];
  const step = str("parameter-step-size");
  if (extracted.scans.length > 1)
    throw new UserError("one --parameter-scan at a time (combine it with --parameter-list)");
  if (step !== undefined && extracted.scans.length === 0)
    throw new UserError("--parameter-step-size goes with --parameter-scan");
  for (const [name, min, max] of extracted.scans) parameters.push(scanValues(name, min, max, step));
  for (const [name, list] of extracted.lists) parameters.push(listValues(name, list));
  const names = parameters.map((p) => p.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new UserError(`parameter ${duplicate} is given twice`);

  const int = (name: keyof typeof BOUNDS, fallback: number | null) => {
    const raw = str(name);
    return raw === undefined ? fallback : integer(name, raw, BOUNDS[name][0], BOUNDS[name][1]);
  };
  const nonEmpty = (name: string) => {
    const raw = str(name);
    if (raw !== undefined && raw.trim() === "") throw new UserError(`--${name} needs a value`);
    return raw ?? null;
  };
  const shared: SharedOptions = {
    runs: int("runs", spec.defaults.runs)!,
    warmup: int("warmup", spec.defaults.warmup)!,
    timeoutMs:
      str("timeout") === undefined ? spec.defaults.timeoutSeconds * 1000 : duration("timeout", str("timeout")!),
    memoryMiB: int("memsize", null),
    smp: int("smp", null),
    kernel: nonEmpty("kernel"),
    machine: str("machine") === undefined ? null : oneOf("machine", str("machine")!, MACHINE_TYPES),
    bios: nonEmpty("bios"),
    append: ((v.append as string[] | undefined) ?? []).flatMap((a) => a.split(/\s+/)).filter(Boolean),
    accel: str("accel") === undefined ? null : oneOf("accel", str("accel")!, ACCELERATORS),
    out: nonEmpty("out"),
    exec,
    parameters,
    help: Boolean(v.help),
  };
  return { shared, own: v };
}

/** node's parseArgs messages, as one line that names the option. */
function describeParseError(error: Error): string {
  const code = (error as { code?: string }).code;
  const option = /'(-[^']*)'/.exec(error.message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${option ?? error.message}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const name = /--[\w-]+/.exec(error.message)?.[0];
    return /argument missing/.test(error.message)
      ? `${name ?? "an option"} needs a value`
      : `${name ?? "an option"} takes no value`;
  }
  return error.message.split("\n")[0]!;
}

/** The USAGE text of a command: its synopsis, description, own options, then the shared ones. */
export function usage(spec: CommandSpec): string {
  const line = (name: string, def: OptionDef) => {
    const flag = `${def.short ? `-${def.short}, ` : ""}--${name}${def.value ? ` ${def.value}` : ""}`;
    return flag.length > 28 ? `  ${flag}\n${" ".repeat(32)}${def.help}` : `  ${flag.padEnd(30)}${def.help}`;
  };
  const aliases = Object.entries(spec.aliases ?? {}).map(([a, t]) => `  --${a.padEnd(28)}same as --${t}`);
  return [
    ...spec.synopsis.map((s, i) => `${i === 0 ? "usage: " : "       "}${s}`),
    "",
    spec.description,
    "",
    `${spec.command} options:`,
    ...Object.entries(spec.own).map(([n, d]) => line(n, d)),
    "",
    "options shared by bench and analyze (same names, units and checks):",
    ...Object.entries(SHARED).map(([n, d]) => line(n, d)),
    ...aliases,
    ...(spec.notes?.length ? ["", ...spec.notes] : []),
    "",
  ].join("\n");
}
