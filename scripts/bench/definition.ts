/**
 * Benchmark definitions: content/benchmarks/<name>.json, data not code. A definition names a
 * baseline boot and variants of it. Variants either each change the baseline on their own, or
 * (cumulative: true) each build on the previous one, retelling a story of one fix after
 * another. A malformed file fails here, before any boot, with its file, line and field.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { z } from "zod";
import type { BootSpec } from "../qemu/boot-spec.ts";
import { MACHINE_TYPES } from "../qemu/machine.ts";
import { fileError, lineOfField, UserError, zodFileError } from "../../core/errors.ts";
import { canonicalJson, sha256 } from "../../core/hash.ts";
import { projectPath } from "../../core/paths.ts";

export const BENCHMARKS_DIR = projectPath("content/benchmarks");

const kernelArg = z.string().regex(/^\S+$/, 'a single kernel argument without spaces, e.g. "quiet"');

/** A boot specification as written in a definition: every field optional, nothing unknown. */
export const BootSpecJson = z
  .object({
    kernel: z.string().min(1).optional(),
    compression: z.enum(["none", "gzip", "zstd"]).optional(),
    machine: z.enum(MACHINE_TYPES).optional(),
    memoryMiB: z.number().int().min(16).max(65_536).optional(),
    smp: z.number().int().min(1).max(64).optional(),
    nic: z.boolean().optional(),
    bios: z.string().min(1).nullable().optional(),
    append: z.array(kernelArg).optional(),
    /** Kernel arguments to take away from what the variant inherits (e.g. drop "quiet"). */
    removeAppend: z.array(kernelArg).optional(),
    extraArgs: z.array(z.string()).optional(),
    accelerator: z.enum(["auto", "kvm", "tcg"]).optional(),
  })
  .strict();
export type BootSpecJson = z.infer<typeof BootSpecJson>;

const name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case name such as "no-nic"');

/**
 * A command timed instead of a boot (e.g. libguestfs's `guestfish -a /dev/null run`), so a suite
 * can compare the appliance with another tool in one interleaved run. Argument vector, no shell;
 * a first word with a "/" is relative to the project root.
 */
const execArgv = z
  .array(z.string().min(1))
  .min(1, 'a command and its arguments, e.g. ["guestfish", "-a", "/dev/null", "run"]');

/**
 * A baseline (its `spec`) or a variant (its `change`) is either a boot or a command (`exec`),
 * never both. One object with both optional, rather than a union, so a mistake inside a spec
 * is still reported at its own field.
 */
function oneOf<K extends "spec" | "change">(boot: K, spec: typeof BootSpecJson) {
  return z
    .object({ name, description: z.string().default(""), [boot]: spec.optional(), exec: execArgv.optional() } as {
      name: typeof name;
      description: z.ZodDefault<z.ZodString>;
      exec: z.ZodOptional<typeof execArgv>;
    } & Record<K, z.ZodOptional<typeof BootSpecJson>>)
    .strict()
    .superRefine((v, ctx) => {
      const record = v as Record<string, unknown>;
      if ((record[boot] === undefined) === (record.exec === undefined))
        ctx.addIssue({
          code: "custom",
          path: [boot],
          message: `give either "${boot}" (a boot) or "exec" (a command), not both`,
        });
    });
}

export const BenchmarkDefinition = z
  .object({
    $schema: z.string().optional(),
    name,
    title: z.string().min(1),
    description: z.string().default(""),
    /** true: each variant applies its change on top of the previous variant, not the baseline. */
    cumulative: z.boolean().default(false),
    baseline: oneOf("spec", BootSpecJson),
    variants: z.array(oneOf("change", BootSpecJson)).min(1, "at least one variant to compare with the baseline"),
  })
  .strict()
  .superRefine((d, ctx) => {
    // A command has nothing to build on: a cumulative story is boots only.
    if (d.cumulative) {
      if (d.baseline.exec)
        ctx.addIssue({
          code: "custom",
          path: ["baseline", "exec"],
          message: "a cumulative suite cannot start from a command",
        });
      d.variants.forEach((v, i) => {
        if (v.exec)
          ctx.addIssue({
            code: "custom",
            path: ["variants", i, "exec"],
            message: "a cumulative suite's steps are boots, not commands",
          });
      });
    }
    const seen = new Set([d.baseline.name]);
    d.variants.forEach((v, i) => {
      if (seen.has(v.name))
        ctx.addIssue({ code: "custom", path: ["variants", i, "name"], message: `duplicate variant name "${v.name}"` });
      seen.add(v.name);
    });
  });
export type BenchmarkDefinition = z.infer<typeof BenchmarkDefinition>;

/** A variant ready to prepare: its full boot specification after applying the changes. */
export interface ResolvedVariant {
  name: string;
  description: string;
  spec: BootSpec;
  /** A command timed instead of a boot (spec is then empty). */
  exec?: string[];
}

/** A definition as loaded: where it came from, its hash, and its variants resolved. */
export interface LoadedDefinition {
  file: string;
  sha256: string;
  definition: BenchmarkDefinition;
  /** Baseline first, then each variant in file order. */
  variants: ResolvedVariant[];
}

/**
 * Applies change to base. Scalars replace; `append` and `extraArgs` add to what is inherited,
 * and `removeAppend` takes arguments away (matching an argument exactly, or by its "key=" prefix).
 */
export function applyChange(base: BootSpec, change: BootSpecJson): BootSpec {
  const { append, removeAppend, extraArgs, ...scalars } = change;
  const drop = new Set(removeAppend ?? []);
  const removed = (arg: string) => drop.has(arg) || drop.has(arg.split("=")[0] + "=");
  const next: BootSpec = { ...base, ...scalars };
  next.append = [...(base.append ?? []).filter((a) => !removed(a)), ...(append ?? [])];
  next.extraArgs = [...(base.extraArgs ?? []), ...(extraArgs ?? [])];
  return next;
}

/** The baseline and every variant as full boot specifications. */
export function resolveVariants(definition: BenchmarkDefinition): ResolvedVariant[] {
  const first = definition.baseline;
  const baseline = first.exec ? {} : applyChange({}, first.spec ?? {});
  const out: ResolvedVariant[] = [
    {
      name: first.name,
      description: first.description,
      spec: baseline,
      ...(first.exec ? { exec: first.exec } : {}),
    },
  ];
  let previous = baseline;
  for (const v of definition.variants) {
    if (v.exec) {
      out.push({ name: v.name, description: v.description, spec: {}, exec: v.exec });
      continue;
    }
    const spec = applyChange(definition.cumulative ? previous : baseline, v.change ?? {});
    out.push({ name: v.name, description: v.description, spec });
    previous = spec;
  }
  return out;
}

/** Parses definition text; errors name the file, line and field. */
export function parseDefinition(text: string, file: string): LoadedDefinition {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fileError(
      file,
      "",
      `not valid JSON (${(error as Error).message})`,
      "check for a missing comma or quote near that position",
    );
  }
  const result = BenchmarkDefinition.safeParse(json);
  if (!result.success) {
    throw zodFileError(file, result.error, {
      text,
      hint: "see content/benchmarks/README.md for the format; every field of a spec is optional",
    });
  }
  const stem = basename(file).replace(/\.json$/, "");
  if (result.data.name !== stem) {
    throw fileError(
      file,
      `line ${lineOfField(text, ["name"]) ?? 1}, field name`,
      `is "${result.data.name}" but the file is ${stem}.json`,
      "rename one so they match; --suite finds definitions by file name",
    );
  }
  return { file, sha256: sha256(canonicalJson(json)), definition: result.data, variants: resolveVariants(result.data) };
}

/** Loads content/benchmarks/<name>.json (or a path to a .json file). */
export async function loadDefinition(nameOrPath: string, dir = BENCHMARKS_DIR): Promise<LoadedDefinition> {
  const file = nameOrPath.endsWith(".json") ? resolve(nameOrPath) : join(dir, `${nameOrPath}.json`);
  const text = await readFile(file, "utf8").catch(async () => {
    const known = await listDefinitions(dir);
    throw new UserError(`no benchmark definition ${file}; known suites: ${known.join(", ") || "(none)"}`);
  });
  return parseDefinition(text, file);
}

/** Names of the definitions in dir. */
export async function listDefinitions(dir = BENCHMARKS_DIR): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith(".json"))
    .map((n) => n.replace(/\.json$/, ""))
    .sort();
}
