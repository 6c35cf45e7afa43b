/**
 * The named kernel configs: content/kernel/appliance.config is the base ("custom"); every other
 * content/kernel/NAME.config is a variant applied on top of it ("custom:NAME"), adding back
 * one cost of a general-purpose kernel so it can be measured on its own.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { UserError } from "../../core/errors.ts";
import { projectPath, projectRoot } from "../../core/paths.ts";
import { BASE_CONFIG, CUSTOM_KERNEL } from "../../core/records/kernel-ref.ts";
import { parseFragment, type Fragment } from "./fragment.ts";

export { BASE_CONFIG, CUSTOM_KERNEL, kernelRefOf } from "../../core/records/kernel-ref.ts";

export const KERNEL_CONFIG_DIR = projectPath("content/kernel");
/** A config to build: its name and fragment files, base first. */
export interface KernelConfig {
  name: string;
  /** Fragments in merge order, each with its text (hashed for the cache key) and parsed options. */
  fragments: Array<{ path: string; file: string; text: string; parsed: Fragment }>;
}

/** "custom" → the base config, "custom:NAME" → NAME; anything else (a path) → null. */
export function parseKernelRef(ref: string): string | null {
  if (ref === CUSTOM_KERNEL) return BASE_CONFIG;
  if (!ref.startsWith(`${CUSTOM_KERNEL}:`)) return null;
  const name = ref.slice(CUSTOM_KERNEL.length + 1);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new UserError(
      `kernel ${JSON.stringify(ref)}: a config name is kebab-case, e.g. custom:with-crypto-selftests (the file content/kernel/NAME.config)`,
    );
  }
  return name;
}

/** The command that builds a config, for error messages. */
export function buildCommandOf(config: string): string {
  return config === BASE_CONFIG ? "npm run kernel" : `npm run kernel -- --config ${config}`;
}

/** Every config name in dir, base first. */
export async function listKernelConfigs(dir = KERNEL_CONFIG_DIR): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((name) => name.endsWith(".config"))
    .map((name) => name.slice(0, -".config".length))
    .sort();
  return [BASE_CONFIG, ...names.filter((name) => name !== BASE_CONFIG)];
}

/** Reads and parses a config's fragments (the base, plus the variant's own file). */
export async function loadKernelConfig(name: string, dir = KERNEL_CONFIG_DIR): Promise<KernelConfig> {
  const names = name === BASE_CONFIG ? [BASE_CONFIG] : [BASE_CONFIG, name];
  const fragments: KernelConfig["fragments"] = [];
  for (const fragmentName of names) {
    const path = join(dir, `${fragmentName}.config`);
    const text = await readFile(path, "utf8").catch(async () => {
      const known = await listKernelConfigs(dir);
      throw new UserError(
        `no kernel config ${JSON.stringify(fragmentName)}: ${path} does not exist. Known configs: ${known.join(", ")}.`,
      );
    });
    const file = relative(projectRoot(), path) || path;
    fragments.push({ path, file, text, parsed: parseFragment(text, file) });
  }
  return { name, fragments };
}
