/**
 * Does `npm run bench -- --exec` agree with hyperfine? For each command (default: `true`,
 * `sleep 0.1`, `sh -c 'sleep 0.05'`) and each pair, the two tools run interleaved: boot-talk
 * times RUNS runs of the command, then hyperfine -N times RUNS runs of it, then the next
 * command. Both spawn the command directly (no shell) after 3 warm-ups, one command at a time
 * (so neither pays for switching between commands); the table gives the means, medians and
 * the difference of means in ms (boot-talk − hyperfine), averaged over the pairs.
 *   npx node scripts/perf/exec-vs-hyperfine.ts [--pairs 3] [--runs 20] [-- 'CMD ARGS' ...]
 * A measurement script, not a test: its numbers depend on the host (it prints the load).
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { parseRecord } from "../../core/records/store.ts";

const dashDash = process.argv.indexOf("--");
const own = dashDash === -1 ? process.argv.slice(2) : process.argv.slice(2, dashDash);
const commands = dashDash === -1 ? ["true", "sleep 0.1", "sh -c 'sleep 0.05'"] : process.argv.slice(dashDash + 1);
const { values } = parseArgs({
  args: own,
  options: { pairs: { type: "string", default: "3" }, runs: { type: "string", default: "20" } },
});
const runs = values.runs!;
const dir = await mkdtemp(join(tmpdir(), "exec-vs-hyperfine-"));
const bench = resolve(import.meta.dirname, "../bench.ts");

interface Stat {
  mean: number;
  median: number;
  sd: number;
}
const ours: Stat[][] = commands.map(() => []);
const theirs: Stat[][] = commands.map(() => []);
const loadBefore = loadavg();
for (let pair = 0; pair < Number(values.pairs); pair++) {
  for (const [i, command] of commands.entries()) {
    const out = join(dir, `bench-${pair}-${i}.json`);
    await execa(process.execPath, [bench, "--exec", "--runs", runs, "--warmup", "3", "--out", out, command]);
    const record = parseRecord(await readFile(out, "utf8"), out);
    if (record.schema !== "boot-talk/benchmark@2") throw new Error("unexpected record kind");
    ours[i]!.push(record.variants[0]!.summary.wall!);

    const json = join(dir, `hyperfine-${pair}-${i}.json`);
    await execa("hyperfine", [
      "-N",
      "--runs",
      runs,
      "--warmup",
      "3",
      "--style",
      "none",
      "--export-json",
      json,
      command,
    ]);
    const [r] = (JSON.parse(await readFile(json, "utf8")) as { results: Array<Record<string, number>> }).results;
    theirs[i]!.push({ mean: r!.mean! * 1000, median: r!.median! * 1000, sd: r!.stddev! * 1000 });
  }
}
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f = (x: number) => x.toFixed(2);
const rows = commands.map((command, i) => {
  const a = ours[i]!;
  const b = theirs[i]!;
  const difference = avg(a.map((s) => s.mean)) - avg(b.map((s) => s.mean));
  return `| \`${command}\` | ${f(avg(a.map((s) => s.mean)))} ± ${f(avg(a.map((s) => s.sd)))} | ${f(avg(a.map((s) => s.median)))} | ${f(avg(b.map((s) => s.mean)))} ± ${f(avg(b.map((s) => s.sd)))} | ${f(avg(b.map((s) => s.median)))} | ${difference >= 0 ? "+" : ""}${f(difference)} |`;
});
process.stdout.write(
  [
    `exec-vs-hyperfine: ${values.pairs} pairs (boot-talk then hyperfine, per command), ${runs} runs + 3 warm-ups each; load ${loadBefore.map((l) => l.toFixed(2)).join(" ")} → ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
    "",
    "| command | boot-talk mean ± sd [ms] | median | hyperfine -N mean ± sd [ms] | median | difference of means [ms] |",
    "|:---|---:|---:|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n"),
);
