/**
 * Build time of the site against a bare one-page Astro site (a measurement, not a test).
 *
 *   npm run perf:build [-- --runs 5] [--project DIR] [--json] [--keep]
 *
 * Both are built in temporary folders with this project's own Astro and Node, never touching
 * the project: the bare site is one .astro page; the real site is a copy of the project
 * (src, core, content, public, scripts and the root config; node_modules linked package by
 * package so Astro's own cache stays in the copy). Each round builds, in this order:
 *
 *   bare      the one-page site, its dist/ removed
 *   cold      the site with dist/ and every cache removed (.cache/, .build/, .astro/, node_modules/.astro/)
 *   cold+     the site with dist/ removed and .cache/ kept (the issue's "cold": a fresh checkout's
 *             dist/, caches from an earlier build)
 *   prose     after one edited sentence in content/paper/paper.md and in the talk's speaker notes
 *   new run   after one new run record in the copy's content/runs/ (the newest story run with its
 *             samples scaled by a per-round factor and its statistics recomputed), removed afterwards;
 *             the build verifies and derives it (as after copying a record in, or a git pull)
 *   bench run the same after what `npm run bench` does once it wrote a record: its closing report
 *             (scripts/perf/bench-epilogue.ts, untimed) loads the runs, so the new record's derived
 *             view is already in .cache/derived-records when the build starts
 *
 * The site is built by the project's `npm run build` script run without npm (node scripts/build.ts,
 * or astro's CLI for a project whose build script is `astro build`), the bare site by astro's CLI.
 * One warm-up round is discarded, then --runs rounds (default 5) interleave the scenarios, so a
 * load change on the machine hits all of them alike. Reported: median, min and max per scenario,
 * the ratio of medians to the bare page's, and the median of the per-round ratios; the CPU time
 * (user + system, the build and its children, from GNU time when /usr/bin/time exists) with its
 * ratio, which a busy machine disturbs far less than wall time; the load average before and
 * after. It also checks that cold and cold+ produce the same bytes.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runMain, UserError } from "../../core/errors.ts";
import { projectPath } from "../../core/paths.ts";
import { deriveBenchmark } from "../../core/records/derive.ts";
import { StoredRecord, type BenchmarkRecord } from "../../core/records/schema.ts";
import { newRecordId } from "../../core/records/store.ts";
import { medianOf } from "../../core/stats/resample.ts";

const SCENARIOS = ["bare", "cold", "cold+", "prose", "new run", "bench run"] as const;
type Scenario = (typeof SCENARIOS)[number];

const LABELS: Record<Scenario, string> = {
  bare: "bare Astro page (1 page)",
  cold: "site, cold: dist/ and all caches removed",
  "cold+": "site, cold: dist/ removed, .cache/ kept",
  prose: "site, warm: prose edit (paper + talk notes)",
  "new run": "site, warm: one new run record",
  "bench run": "site, warm: one new run, after bench's report",
};
/** The issue's targets, as ratios to the bare page. */
const TARGETS: Partial<Record<Scenario, number>> = { "cold+": 2.0, prose: 1.3, "new run": 1.6, "bench run": 1.6 };

/** What the project copy needs to build; everything else (dist, caches, .git) stays behind. */
const COPIED = [
  "src",
  "core",
  "content",
  "public",
  "scripts",
  "astro.config.mjs",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
];

/** node_modules as a folder of links to the project's packages (Astro writes node_modules/.astro). */
function linkModules(project: string, into: string): void {
  mkdirSync(join(into, "node_modules"), { recursive: true });
  for (const name of readdirSync(join(project, "node_modules")))
    if (name !== ".astro") symlinkSync(join(project, "node_modules", name), join(into, "node_modules", name));
}

function makeBare(project: string, dir: string): void {
  mkdirSync(join(dir, "src/pages"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bare", private: true, type: "module" }) + "\n");
  writeFileSync(
    join(dir, "astro.config.mjs"),
    `import { defineConfig } from "astro/config";\nexport default defineConfig({});\n`,
  );
  writeFileSync(
    join(dir, "src/pages/index.astro"),
    `---\nconst title = "A bare page";\n---\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1><p>One page.</p></body></html>\n`,
  );
  linkModules(project, dir);
}

function makeSite(project: string, dir: string): void {
  for (const entry of COPIED)
    if (existsSync(join(project, entry))) cpSync(join(project, entry), join(dir, entry), { recursive: true });
  linkModules(project, dir);
}

/** The site's build command: its `npm run build` script, run without npm's own start-up. */
function siteCommand(dir: string, astroCli: string): string[] {
  const script = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts?: { build?: string } })
    .scripts?.build;
  if (script === "astro build") return [astroCli, "build"];
  const node = /^node (\S+\.ts)$/.exec(script ?? "");
  if (node) return [node[1]!];
  throw new UserError(
    `perf:build cannot run the build script "${script}" without npm; expected "node FILE.ts" or "astro build"`,
  );
}

/** The build running now, so an interrupted measurement can stop it. */
let running: ReturnType<typeof spawn> | null = null;

/** GNU time, for the CPU time of a build and its children (absent: CPU is not reported). */
const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

interface Timing {
  /** Wall-clock seconds. */
  seconds: number;
  /** User + system CPU seconds of the build and every process it waited for; null without GNU time. */
  cpu: number | null;
}

/** Wall and CPU time of one build; a failed build stops the measurement with its log. */
function timeBuild(cwd: string, args: string[], log: string): Promise<Timing> {
  const cpuFile = join(dirname(log), "cpu.txt");
  const [command, argv] = GNU_TIME
    ? [GNU_TIME, ["-f", "%U %S", "-o", cpuFile, process.execPath, ...args]]
    : [process.execPath, args];
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, argv, {
      cwd,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running = child;
    const out: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => out.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      running = null;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      appendFileSync(log, `\n=== ${cwd} ${args.join(" ")} → ${code} in ${seconds.toFixed(2)} s\n${Buffer.concat(out)}`);
      if (code !== 0)
        return reject(new UserError(`build in ${cwd} failed (exit ${code}); its output is in ${log}`, { exitCode: 1 }));
      let cpu: number | null = null;
      if (GNU_TIME) {
        const [user, system] = readFileSync(cpuFile, "utf8").trim().split(/\s+/).slice(-2).map(Number);
        cpu = user! + system!;
      }
      resolvePromise({ seconds, cpu });
    });
  });
}

/** Runs the bench's closing step for a record in the site copy (untimed). */
function benchEpilogue(site: string, record: string, log: string): Promise<Timing> {
  return timeBuild(site, [projectPath("scripts/perf/bench-epilogue.ts"), site, record], log);
}

function remove(dir: string, ...paths: string[]): void {
  for (const p of paths) rmSync(join(dir, p), { recursive: true, force: true });
}

/** One sentence of prose changed in the paper and in the talk's notes (the end of each file is prose). */
function editProse(site: string, round: number): void {
  for (const file of ["content/paper/paper.md", "content/talk/talk.txt"]) {
    const path = join(site, file);
    const text = readFileSync(path, "utf8").replace(/\n\nEdited for build measurement \d+\.\n$/, "\n");
    writeFileSync(path, `${text.trimEnd()}\n\nEdited for build measurement ${round}.\n`);
  }
}

/** A new story run: the newest one, samples scaled by a per-round factor, statistics recomputed. */
function writeNewRun(site: string, round: number): string {
  const runs = join(site, "content/runs");
  const newest = readdirSync(runs)
    .filter((f) => f.endsWith(".json"))
    .map(
      (f) => JSON.parse(readFileSync(join(runs, f), "utf8")) as { schema?: string; suite?: { name?: string } | null },
    )
    .filter((r) => r.schema?.startsWith("boot-talk/benchmark@") && r.suite?.name === "story")
    .map((r) => deriveBenchmark(StoredRecord.parse(r) as Parameters<typeof deriveBenchmark>[0]))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))
    .at(-1);
  if (!newest) throw new UserError(`${runs} has no story run to derive a new run from`);
  const factor = 1 + 0.003 * (round + 1);
  const scale = (x: number) => Math.round(x * factor * 100) / 100;
  const now = new Date();
  const record: BenchmarkRecord = deriveBenchmark({
    ...newest,
    id: newRecordId("story", now),
    createdAt: now.toISOString(),
    variants: newest.variants.map((v) => ({
      ...v,
      samples: v.samples.map((s) => ({
        ...s,
        wallMs: scale(s.wallMs),
        markerMs: s.markerMs === null ? null : scale(s.markerMs),
      })),
    })),
  });
  const file = join(runs, `${record.id}.json`);
  writeFileSync(file, JSON.stringify(record, null, 2) + "\n");
  return file;
}

/** SHA-256 of every file under dir, by relative path: two builds of the same inputs must match. */
function treeDigest(dir: string): string {
  const hash = createHash("sha256");
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(`${relative(dir, p)}\0`).update(readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest("hex");
}

interface Result {
  scenario: Scenario;
  label: string;
  seconds: number[];
  median: number;
  min: number;
  max: number;
  ratio: number | null;
  roundRatio: number | null;
  target: number | null;
  /** CPU seconds per round, their median and its ratio to the bare page's (null without GNU time). */
  cpu: number[] | null;
  cpuMedian: number | null;
  cpuRatio: number | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "5" },
      project: { type: "string" },
      json: { type: "boolean" },
      keep: { type: "boolean" },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new UserError(`--runs must be a positive integer, got ${values.runs}`);
  const project = resolve(values.project ?? projectPath());
  if (!existsSync(join(project, "node_modules/astro")))
    throw new UserError(`${project} has no node_modules/astro: run npm install there`);
  const astroCli = join(
    dirname(createRequire(join(project, "package.json")).resolve("astro/package.json")),
    "bin/astro.mjs",
  );

  const base = mkdtempSync(join(tmpdir(), "boot-talk-perf-build-"));
  const bare = join(base, "bare");
  const site = join(base, "site");
  const log = join(base, "builds.log");
  makeBare(project, bare);
  makeSite(project, site);
  const siteArgs = siteCommand(site, astroCli);
  // Ctrl-C or a timeout: stop the build in progress and delete the temporary copies.
  const interrupted = (signal: NodeJS.Signals) => {
    running?.kill("SIGTERM");
    running?.once("close", () => {
      if (!values.keep) rmSync(base, { recursive: true, force: true });
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
    if (!running) {
      if (!values.keep) rmSync(base, { recursive: true, force: true });
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, interrupted);
  const loadBefore = loadavg();
  const times = new Map<Scenario, number[]>(SCENARIOS.map((s) => [s, []]));
  const cpuTimes = new Map<Scenario, number[]>(SCENARIOS.map((s) => [s, []]));
  const perRound: Array<Partial<Record<Scenario, number>>> = [];
  const identical: boolean[] = [];
  try {
    for (let round = -1; round < runs; round++) {
      const t: Partial<Record<Scenario, Timing>> = {};
      remove(bare, "dist");
      t.bare = await timeBuild(bare, [astroCli, "build"], log);
      remove(site, "dist", ".cache", ".build", ".astro", "node_modules/.astro");
      t.cold = await timeBuild(site, siteArgs, log);
      const coldDigest = treeDigest(join(site, "dist"));
      remove(site, "dist");
      t["cold+"] = await timeBuild(site, siteArgs, log);
      identical.push(coldDigest === treeDigest(join(site, "dist")));
      editProse(site, round);
      t.prose = await timeBuild(site, siteArgs, log);
      let record = writeNewRun(site, round);
      t["new run"] = await timeBuild(site, siteArgs, log);
      rmSync(record);
      record = writeNewRun(site, round + 0.5);
      await benchEpilogue(site, record, log);
      t["bench run"] = await timeBuild(site, siteArgs, log);
      rmSync(record);
      if (round < 0) continue; // warm-up: file caches, JIT of the tools themselves
      for (const s of SCENARIOS) {
        times.get(s)!.push(t[s]!.seconds);
        if (t[s]!.cpu !== null) cpuTimes.get(s)!.push(t[s]!.cpu!);
      }
      perRound.push(Object.fromEntries(SCENARIOS.map((s) => [s, t[s]!.seconds])));
      process.stderr.write(
        `round ${round + 1}/${runs}: ${SCENARIOS.map((s) => `${s} ${t[s]!.seconds.toFixed(2)} s`).join(", ")} (load ${loadavg()[0]!.toFixed(2)})\n`,
      );
    }
  } finally {
    if (!values.keep) rmSync(base, { recursive: true, force: true });
  }
  const bareMedian = medianOf(times.get("bare")!);
  const withCpu = cpuTimes.get("bare")!.length === runs;
  const bareCpu = withCpu ? medianOf(cpuTimes.get("bare")!) : null;
  const results: Result[] = SCENARIOS.map((scenario) => {
    const seconds = times.get(scenario)!;
    const m = medianOf(seconds);
    const cpu = withCpu ? cpuTimes.get(scenario)! : null;
    return {
      cpu,
      cpuMedian: cpu && medianOf(cpu),
      cpuRatio: cpu && scenario !== "bare" ? medianOf(cpu) / bareCpu! : null,
      scenario,
      label: LABELS[scenario],
      seconds,
      median: m,
      min: Math.min(...seconds),
      max: Math.max(...seconds),
      ratio: scenario === "bare" ? null : m / bareMedian,
      roundRatio: scenario === "bare" ? null : medianOf(perRound.map((r) => r[scenario]! / r.bare!)),
      target: TARGETS[scenario] ?? null,
    };
  });
  const loadAfter = loadavg();
  const sameBytes = identical.every(Boolean);
  if (values.json) {
    console.log(
      JSON.stringify(
        { runs, project, loadBefore, loadAfter, sameBytesWithAndWithoutCache: sameBytes, results },
        null,
        2,
      ),
    );
  } else {
    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
    console.log(`perf:build: ${runs} runs per scenario, interleaved, after 1 warm-up round; project ${project}`);
    console.log(
      `load average (1/5/15 min) before: ${load(loadBefore)}; after: ${load(loadAfter)}; ${process.execPath}`,
    );
    console.log("");
    console.log(
      `${"scenario".padEnd(46)} ${"median".padStart(8)} ${"min".padStart(7)} ${"max".padStart(7)}   ratio  per-round  ${"cpu".padStart(7)} cpu ratio  target`,
    );
    for (const r of results) {
      const ratio = r.ratio === null ? "".padStart(7) : `${r.ratio.toFixed(2)}×`.padStart(7);
      const rr = r.roundRatio === null ? "".padStart(9) : `${r.roundRatio.toFixed(2)}×`.padStart(9);
      const cpu = r.cpuMedian === null ? "–".padStart(7) : `${r.cpuMedian.toFixed(2)} s`.padStart(7);
      const cpuRatio = r.cpuRatio === null ? "".padStart(9) : `${r.cpuRatio.toFixed(2)}×`.padStart(9);
      const target = r.target === null ? "" : `≤ ${r.target.toFixed(1)}× ${r.ratio! <= r.target ? "met" : "NOT met"}`;
      console.log(
        `${r.label.padEnd(46)} ${`${r.median.toFixed(2)} s`.padStart(8)} ${r.min.toFixed(2).padStart(7)} ${r.max.toFixed(2).padStart(7)}   ${ratio} ${rr}  ${cpu} ${cpuRatio}  ${target}`,
      );
    }
    console.log("");
    console.log(`same bytes cold with and without .cache/: ${sameBytes ? "yes" : "NO"} (${identical.length} rounds)`);
  }
  if (!sameBytes) process.exitCode = 1;
}

if (import.meta.main) await runMain(main);
