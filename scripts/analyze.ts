/**
 * `npm run analyze`: where does the boot time go? Boots the appliance (or runs any command)
 * in analysis mode, timestamps every console line on the host, turns rule matches into named
 * activities, and prints the original boot-analysis timeline; writes a record and its raw
 * events to content/runs/. Run `npm run analyze -- --help` for the options; the modules are
 * in scripts/analyze/.
 */
import { runMain } from "../core/errors.ts";
import { parseAnalyzeArgs, USAGE } from "./analyze/options.ts";
import { runAnalyze } from "./analyze/run-analyze.ts";

await runMain(async () => {
  const options = parseAnalyzeArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  return runAnalyze(options);
});
