/**
 * `npm run bench`: time appliance boots (or any command with --exec) the way boot-benchmark
 * did, with honest statistics, interleaved variants and a record of everything.
 * Run `npm run bench -- --help` for the options.
 */
import { parseBenchArgs, USAGE } from "./bench/options.ts";
import { runBench } from "./bench/run-bench.ts";
import { runMain } from "../core/errors.ts";

await runMain(async () => {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  return runBench(options);
});
