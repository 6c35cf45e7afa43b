/**
 * Does `npm run bench -- --exec` agree with hyperfine? Runs both on the same command, in
 * alternation (so host drift hits both), and prints their means and the difference.
 *   npx node scripts/perf/exec-vs-hyperfine.ts [--pairs 3] [-- COMMAND ARGS...]   (default: sleep 0.3)
 * Both spawn the command directly (hyperfine -N: no shell), 2 warm-ups and 10 timed runs.
 * A measurement script, not a test: its numbers depend on the host.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { parseRecord } from "../../core/records/store.ts";

const dashDash = process.argv.indexOf("--");
const own = dashDash === -1 ? process.argv.slice(2) : process.argv.slice(2, dashDash);
const command = dashDash === -1 ? ["sleep", "0.3"] : process.argv.slice(dashDash + 1);
const { values } = parseArgs({ args: own, options: { pairs: { type: "string", default: "3" } } });
const dir = await mkdtemp(join(tmpdir(), "exec-vs-hyperfine-"));
const bench = resolve(import.meta.dirname, "../bench.ts");

const rows: string[] = [];
const differences: number[] = [];
for (let pair = 0; pair < Number(values.pairs); pair++) {
  const out = join(dir, `bench-${pair}.json`);
  await execa(process.execPath, [bench, "--exec", "--runs", "10", "--warmup", "2", "--out", out, "--", ...command]);
  const record = parseRecord(await readFile(out, "utf8"), out);
  if (record.schema !== "boot-talk/benchmark@2") throw new Error("unexpected record kind");
  const ours = record.variants[0]!.summary.wall!;

  const json = join(dir, `hyperfine-${pair}.json`);
  await execa("hyperfine", [
    "-N",
    "--runs",
    "10",
    "--warmup",
    "2",
    "--style",
    "none",
    "--export-json",
    json,
    command.join(" "),
  ]);
  const theirs = (
    JSON.parse(await readFile(json, "utf8")) as { results: { mean: number; stddev: number; median: number }[] }
  ).results[0]!;
  const difference = (100 * (ours.mean - theirs.mean * 1000)) / (theirs.mean * 1000);
  differences.push(difference);
  rows.push(
    `pair ${pair + 1}: boot-talk ${ours.mean.toFixed(1)} ± ${ours.sd.toFixed(1)} ms (median ${ours.median.toFixed(1)})   ` +
      `hyperfine -N ${(theirs.mean * 1000).toFixed(1)} ± ${(theirs.stddev * 1000).toFixed(1)} ms (median ${(theirs.median * 1000).toFixed(1)})   ` +
      `difference of means ${difference >= 0 ? "+" : ""}${difference.toFixed(2)}%`,
  );
}
process.stdout.write(
  `command: ${command.join(" ")} (2 warm-ups, 10 runs each, alternating)\n${rows.join("\n")}\n` +
    `largest |difference|: ${Math.max(...differences.map(Math.abs)).toFixed(2)}%\n`,
);
