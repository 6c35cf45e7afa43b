/**
 * How long the build spends checking and deriving each record (core/records/load.ts): a
 * measurement, not a test. For every record of the runs folder it times, in this process,
 *  - "derive": parse + verify + derive with no cache (what a first build pays), best of N;
 *  - "cached": the same through a fresh content cache after one warm-up write (what every
 *    rebuild pays), best of N.
 *   npx node scripts/perf/derive-records.ts [--runs DIR] [--repeat N]
 * Prints one line per record and the totals; ms are wall-clock (performance.now()).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { contentCache } from "../../core/cache.ts";
import { runMain } from "../../core/errors.ts";
import { runsDir } from "../../core/paths.ts";
import { checkRecordFile, codeFingerprint } from "../../core/records/load.ts";
import { recordFiles } from "../../core/records/store.ts";

async function best(repeat: number, run: () => Promise<unknown>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - t0);
  }
  return fastest;
}

await runMain(async () => {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: runsDir() }, repeat: { type: "string", default: "3" } },
  });
  const repeat = Number(values.repeat);
  const files = await recordFiles(values.runs!);
  const root = await mkdtemp(join(tmpdir(), "bt-derive-perf-"));
  codeFingerprint(); // read the deriving code once, as a build does
  try {
    const cache = contentCache("derived-records", root);
    let totalDerive = 0;
    let totalCached = 0;
    process.stdout.write(`${"record".padEnd(52)} ${"derive ms".padStart(10)} ${"cached ms".padStart(10)}\n`);
    for (const file of files) {
      const derive = await best(repeat, () => checkRecordFile(file, { cache: null }));
      await checkRecordFile(file, { cache });
      const cached = await best(repeat, () => checkRecordFile(file, { cache }));
      totalDerive += derive;
      totalCached += cached;
      process.stdout.write(
        `${basename(file).padEnd(52)} ${derive.toFixed(1).padStart(10)} ${cached.toFixed(1).padStart(10)}\n`,
      );
    }
    process.stdout.write(
      `${`total (${files.length} records, best of ${repeat})`.padEnd(52)} ${totalDerive.toFixed(1).padStart(10)} ${totalCached.toFixed(1).padStart(10)}\n`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
