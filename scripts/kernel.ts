/**
 * `npm run kernel`: build (or find in the cache) boot-talk's own guest kernel from Debian's
 * linux-source-6.1, configured from content/kernel/. Suites boot it as `"kernel": "custom"`
 * (the base config) or `"kernel": "custom:NAME"` (a variant).
 *
 *   npm run kernel                          # the base config, content/kernel/appliance.config
 *   npm run kernel -- --config NAME         # a variant: appliance.config + content/kernel/NAME.config
 *   npm run kernel -- --all                 # every config
 *   npm run kernel -- --list                # the configs and whether each is built
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { runMain, UserError } from "../core/errors.ts";
import { buildKernel, cachedBuild, planKernel, shown } from "./kernel/build.ts";
import { BASE_CONFIG, kernelRefOf, listKernelConfigs } from "./kernel/configs.ts";
import { KERNEL_FILE, type KernelManifest } from "./kernel/manifest.ts";
import { findKernelSource } from "./kernel/source.ts";

const USAGE = `usage: npm run kernel -- [--config NAME | --all | --list] [--jobs N]
  --config NAME   build content/kernel/appliance.config + content/kernel/NAME.config (default: the base, "appliance")
  --all           build every config in content/kernel/
  --list          show the configs, how a suite names each, and whether it is built
  --jobs N        parallel make jobs (default: the number of CPUs)
Boot a build with \`npm run bench -- --kernel custom\` (or custom:NAME), or "kernel": "custom" in a suite.
`;

await runMain(async () => {
  const { values } = parseArgs({
    options: {
      config: { type: "string", multiple: true },
      all: { type: "boolean" },
      list: { type: "boolean" },
      jobs: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const known = await listKernelConfigs();
  if (values.list) return list(known);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1))
    throw new UserError(`--jobs must be a whole number ≥ 1 (got ${JSON.stringify(values.jobs)})`);
  if (values.all && values.config) throw new UserError("--all builds every config; do not combine it with --config");
  const names = values.all ? known : (values.config ?? [BASE_CONFIG]);
  for (const name of names) {
    const started = performance.now();
    const { dir, manifest, built } = await buildKernel(name, {
      jobs,
      progress: (line) => process.stderr.write(line + "\n"),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${describe(manifest, join(dir, KERNEL_FILE))}\n  ${built ? `built in ${seconds} s` : `cached (found in ${seconds} s)`}\n`,
    );
  }
  return 0;
});

function describe(manifest: KernelManifest, path: string): string {
  const kib = (manifest.kernel.bytes / 1024).toFixed(0);
  return (
    `kernel "${manifest.kernelRef}" (config ${manifest.config}, ${manifest.kernel.release}): ${shown(path)}\n` +
    `  ${kib} KiB, sha256 ${manifest.kernel.sha256.slice(0, 12)}…, from ${manifest.source.package} ${manifest.source.version}`
  );
}

async function list(known: string[]): Promise<number> {
  const source = await findKernelSource();
  for (const name of known) {
    const plan = source ? await planKernel(name, source) : null;
    const manifest = plan ? await cachedBuild(plan) : null;
    const state = manifest ? `built: ${shown(join(plan!.dir, KERNEL_FILE))}` : "not built";
    process.stdout.write(`${kernelRefOf(name).padEnd(34)} ${name.padEnd(28)} ${state}\n`);
  }
  return 0;
}
