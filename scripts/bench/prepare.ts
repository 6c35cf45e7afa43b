/**
 * From options to the variants of a run, every command line resolved before the first boot:
 * a suite's variants, a plain boot, --exec commands, each multiplied by the --parameter-scan /
 * --parameter-list combinations (one variant per combination, as hyperfine's scans).
 */
import { access, constants } from "node:fs/promises";
import { relative } from "node:path";
import { READY_MARKER } from "../appliance/init-script.ts";
import { UserError } from "../../core/errors.ts";
import type { BenchmarkRecord } from "../../core/records/schema.ts";
import { projectRoot } from "../../core/paths.ts";
import { prepareBoot, type BootSpec, type PreparedBoot } from "../qemu/boot-spec.ts";
import { MACHINE_TYPES } from "../qemu/machine.ts";
import { ACCELERATORS } from "../cli/options.ts";
import { combinations, comboName, substitute } from "../cli/parameters.ts";
import { integer, oneOf } from "../cli/values.ts";
import { applyChange, loadDefinition, type ResolvedVariant } from "./definition.ts";
import type { BenchOptions } from "./options.ts";
import type { VariantInput } from "./record.ts";
import type { Target } from "./runner.ts";

export interface Prepared {
  targets: Target[];
  inputs: Array<Omit<VariantInput, "samples"> & { accelerator: string | null; acceleratorReason: string | null }>;
  /** The first variant's boot (QEMU path and version for the record); null for --exec. */
  boot: PreparedBoot | null;
  suite: BenchmarkRecord["suite"];
  cumulative: boolean;
  slug: string;
}

/** A kernel named by a suite variant or --kernel must be readable: say where it was named. */
async function checkKernel(kernel: string | undefined, where: string): Promise<void> {
  if (!kernel) return;
  const readable = await access(kernel, constants.R_OK).then(
    () => true,
    () => false,
  );
  if (readable) return;
  const field = where === "the command line" ? "--kernel" : `${where}, field "kernel"`;
  throw new UserError(
    `${field}: the kernel image ${kernel} does not exist or is not readable by this user; fix the path (or run sudo chmod a+r on it)`,
  );
}

/** The record-level accelerator: the variants' common one, "mixed", or null for --exec. */
export function commonAccelerator(values: ReadonlyArray<string | null>): "kvm" | "tcg" | "mixed" | null {
  const distinct = [...new Set(values.filter((v): v is string => v !== null))];
  if (distinct.length === 0) return null;
  return distinct.length === 1 ? (distinct[0] as "kvm" | "tcg") : "mixed";
}

/** Parameter names that set a boot setting instead of filling a {NAME}. */
const BOOT_PARAMETERS = ["memsize", "smp", "machine", "accel"] as const;

export async function prepare(options: BenchOptions): Promise<Prepared> {
  const combos = combinations(options.parameters);
  checkParametersUsed(options);
  if (options.exec) return prepareExec(options.exec, combos);
  // The definition is validated before anything boots.
  const loaded = options.suite ? await loadDefinition(options.suite) : null;
  const base: ResolvedVariant[] = loaded?.variants ?? [{ name: "default", description: "", spec: {} }];
  const variants = base.flatMap((variant) =>
    combos.map((combo) => ({
      name: options.parameters.length ? comboName(combo) : variant.name,
      description: variant.description,
      spec: withOverrides(variant.spec, options, combo),
      where: loaded ? `${relative(projectRoot(), loaded.file)}, variant "${variant.name}"` : "the command line",
    })),
  );
  const targets: Target[] = [];
  const inputs: Prepared["inputs"] = [];
  let first: PreparedBoot | null = null;
  for (const variant of variants) {
    await checkKernel(variant.spec.kernel, variant.where);
    const boot = await prepareBoot(variant.spec).catch((error: unknown) => {
      if (error instanceof UserError && variant.where !== "the command line")
        throw new UserError(`${variant.where}: ${error.message}`, { exitCode: error.exitCode });
      throw error;
    });
    first ??= boot;
    targets.push({ name: variant.name, argv: boot.argv, marker: READY_MARKER });
    inputs.push({
      name: variant.name,
      description: variant.description,
      config: configOf(variant.spec, boot),
      argv: boot.argv,
      accelerator: boot.accelerator,
      acceleratorReason: boot.acceleratorReason,
      appliance: {
        hash: boot.appliance.hash,
        kernel: { ...boot.appliance.kernel, build: boot.appliance.kernelBuild ?? null },
        initrd: {
          sha256: boot.appliance.initrd.sha256,
          bytes: boot.appliance.initrd.bytes,
          compression: boot.appliance.initrd.compression,
        },
        busyboxSha256: boot.appliance.busybox.sha256,
      },
    });
  }
  const scanned = options.parameters.map((p) => p.name).join("-");
  return {
    targets,
    inputs,
    boot: first,
    suite: loaded
      ? {
          name: loaded.definition.name,
          file: relative(projectRoot(), loaded.file),
          sha256: loaded.sha256,
          definition: loaded.definition,
        }
      : null,
    cumulative: loaded?.definition.cumulative ?? false,
    slug: loaded ? loaded.definition.name : scanned ? `scan-${scanned}` : "boot",
  };
}

function prepareExec(commands: string[][], combos: Array<Record<string, string>>): Prepared {
  const targets: Target[] = [];
  const inputs: Prepared["inputs"] = [];
  const seen = new Map<string, number>();
  for (const command of commands) {
    for (const combo of combos) {
      const argv = command.map((word) => substitute(word, combo));
      const base = argv.join(" ");
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      // Two identical commands are two variants (an A/A test), told apart by a suffix.
      const name = count === 1 ? base : `${base} (${count})`;
      targets.push({ name, argv });
      inputs.push({
        name,
        description: "--exec command",
        config: { exec: argv, ...(Object.keys(combo).length ? { parameters: combo } : {}) },
        argv,
        appliance: null,
        accelerator: null,
        acceleratorReason: null,
      });
    }
  }
  return { targets, inputs, boot: null, suite: null, cumulative: false, slug: "exec" };
}

/** Every parameter sets a boot setting or appears as {NAME} somewhere; a typo is an error. */
function checkParametersUsed(options: BenchOptions): void {
  const texts = [...(options.exec?.flat() ?? []), ...options.append, options.kernel ?? "", options.bios ?? ""];
  for (const p of options.parameters) {
    const sets = !options.exec && (BOOT_PARAMETERS as readonly string[]).includes(p.name);
    if (!sets && !texts.some((t) => t.includes(`{${p.name}}`)))
      throw new UserError(
        `parameter ${p.name} is used nowhere: name a boot setting (${BOOT_PARAMETERS.join(", ")}) or write {${p.name}} in an --exec command or an --append value`,
      );
    if (!options.exec && p.name === "memsize")
      p.values.forEach((v) => integer("parameter-scan memsize", v, 16, 65_536));
    if (!options.exec && p.name === "smp") p.values.forEach((v) => integer("parameter-scan smp", v, 1, 64));
    if (!options.exec && p.name === "machine")
      p.values.forEach((v) => oneOf("parameter-list machine", v, MACHINE_TYPES));
    if (!options.exec && p.name === "accel") p.values.forEach((v) => oneOf("parameter-list accel", v, ACCELERATORS));
  }
}

/** The command-line overrides (and one parameter combination) applied on top of a variant. */
function withOverrides(spec: BootSpec, options: BenchOptions, combo: Record<string, string>): BootSpec {
  const fill = (text: string) => substitute(text, combo);
  const pick = <T>(name: string, flag: T | null, parse: (v: string) => T): T | null =>
    combo[name] !== undefined ? parse(combo[name]) : flag;
  const memoryMiB = pick("memsize", options.memoryMiB, Number);
  const smp = pick("smp", options.smp, Number);
  const machine = pick("machine", options.machine, (v) => v as (typeof MACHINE_TYPES)[number]);
  const accel = pick("accel", options.accel, (v) => v as (typeof ACCELERATORS)[number]);
  return applyChange(spec, {
    append: options.append.map(fill).flatMap((a) => a.split(/\s+/).filter(Boolean)),
    ...(memoryMiB !== null ? { memoryMiB } : {}),
    ...(smp !== null ? { smp } : {}),
    ...(options.kernel !== null ? { kernel: fill(options.kernel) } : {}),
    ...(machine !== null ? { machine } : {}),
    ...(options.bios !== null ? { bios: fill(options.bios) } : {}),
    ...(accel !== null ? { accelerator: accel } : {}),
  });
}

/** What a variant's boot really was, for the record (spec as written plus effective values). */
function configOf(spec: BootSpec, boot: PreparedBoot): Record<string, unknown> {
  const m = boot.machine;
  return {
    spec,
    machine: m.machine,
    memoryMiB: m.memoryMiB,
    smp: m.smp,
    nic: m.nic,
    bios: m.bios,
    compression: boot.appliance.initrd.compression,
    kernel: m.kernel,
    append: m.append,
    extraArgs: [...m.extraArgs],
    accelerator: boot.accelerator,
  };
}
