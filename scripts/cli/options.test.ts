import { describe, expect, it } from "vitest";
import { parseAnalyzeArgs, USAGE as ANALYZE_USAGE } from "../analyze/options.ts";
import { parseBenchArgs, USAGE as BENCH_USAGE } from "../bench/options.ts";
import { combinations, comboName, scanValues, substitute } from "./parameters.ts";
import { SHARED } from "./options.ts";
import { duration } from "./values.ts";

const boot = [
  "--runs",
  "4",
  "--warmup",
  "1",
  "--timeout",
  "90s",
  "--memsize",
  "512",
  "--smp",
  "2",
  "--kernel",
  "/k",
  "--machine",
  "q35",
  "--bios",
  "/b.rom",
  "--append",
  "quiet loglevel=3",
  "--append",
  "tsc=reliable",
  "--accel",
  "tcg",
  "--out",
  "/tmp/x",
];

describe("the options bench and analyze share", () => {
  it("mean the same in both commands: names, units, repeatable --append", () => {
    const bench = parseBenchArgs(boot);
    const analyze = parseAnalyzeArgs(boot, false);
    expect(bench).toMatchObject({
      runs: 4,
      warmup: 1,
      timeoutMs: 90_000,
      memoryMiB: 512,
      smp: 2,
      kernel: "/k",
      machine: "q35",
      bios: "/b.rom",
      append: ["quiet", "loglevel=3", "tsc=reliable"],
      accel: "tcg",
      out: "/tmp/x",
    });
    expect(analyze).toMatchObject({ passes: 4, warmup: 1, timeoutMs: 90_000, out: "/tmp/x" });
    expect(analyze.spec).toMatchObject({
      memoryMiB: 512,
      smp: 2,
      kernel: "/k",
      machine: "q35",
      bios: "/b.rom",
      accelerator: "tcg",
      append: ["initcall_debug", "ignore_loglevel", "printk.time=1", "quiet", "loglevel=3", "tsc=reliable"],
    });
    expect(parseAnalyzeArgs(["--passes", "7"], false).passes).toBe(7);
  });

  it("reject the same mistakes with the same one-line messages", () => {
    for (const parse of [(a: string[]) => parseBenchArgs(a), (a: string[]) => parseAnalyzeArgs(a, false)]) {
      expect(() => parse(["--frobnicate"])).toThrow(/^unknown option --frobnicate; run npm run \w+ -- --help/);
      expect(() => parse(["--memory", "256"])).toThrow(/^unknown option --memory;/);
      expect(() => parse(["--smp", "0"])).toThrow(/^--smp must be a whole number from 1 to 64, got "0"$/);
      expect(() => parse(["--timeout", "3000000"])).toThrow(/^--timeout must be a duration/);
      expect(() => parse(["--machine", "isapc"])).toThrow(/^--machine must be one of pc, q35, microvm/);
      expect(() => parse(["--runs"])).toThrow(/^--runs needs a value;/);
      expect(() => parse(["stray"])).toThrow(/^unexpected argument "stray"/);
    }
  });

  it("are documented once: both USAGE texts list every shared option with the same line", () => {
    for (const name of Object.keys(SHARED)) {
      const line = BENCH_USAGE.split("\n").find((l) => l.includes(`--${name}`) && l.includes(SHARED[name]!.help));
      expect(line, name).toBeDefined();
      expect(ANALYZE_USAGE).toContain(line!);
    }
  });
});

describe("durations", () => {
  it("are seconds unless suffixed, whole ms, bounded by the timer limit", () => {
    expect(duration("timeout", "90")).toBe(90_000);
    expect(duration("timeout", "1.5")).toBe(1500);
    expect(duration("timeout", "500ms")).toBe(500);
    expect(duration("timeout", "2m")).toBe(120_000);
    expect(duration("timeout", "2147483s")).toBe(2_147_483_000);
    for (const bad of ["0", "-1", "2147484s", "1h", "", "1e3"]) expect(() => duration("timeout", bad)).toThrow();
  });
});

describe("parameters", () => {
  it("scan like hyperfine and combine first-slowest", () => {
    expect(scanValues("n", "1", "3", undefined).values).toEqual(["1", "2", "3"]);
    expect(scanValues("d", "0", "0.3", "0.1").values).toEqual(["0.0", "0.1", "0.2", "0.3"]);
    expect(() => scanValues("d", "0", "0.5", undefined)).toThrow(/whole numbers unless/);
    const combos = combinations([
      { name: "a", values: ["1", "2"] },
      { name: "b", values: ["x", "y"] },
    ]);
    expect(combos.map(comboName)).toEqual(["a=1 b=x", "a=1 b=y", "a=2 b=x", "a=2 b=y"]);
    expect(substitute("sleep 0.{a}{b} {c}", combos[1]!)).toBe("sleep 0.1y {c}");
  });
});
