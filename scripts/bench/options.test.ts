import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "./options.ts";

describe("bench options", () => {
  it("defaults to 3 warm-ups and 10 runs, interleaved", () => {
    expect(parseBenchArgs([])).toMatchObject({
      runs: 10,
      warmup: 3,
      order: "interleaved",
      append: [],
      memoryMiB: null,
      smp: null,
      exec: null,
      seed: null,
      timeoutMs: 60_000,
    });
  });
  it("parses every option", () => {
    const o = parseBenchArgs([
      "--runs",
      "5",
      "--warmup",
      "0",
      "--append",
      "quiet  tsc=reliable",
      "--memsize",
      "512",
      "--smp",
      "2",
      "--kernel",
      "/k",
      "--suite",
      "story",
      "--out",
      "/tmp/r.json",
      "--export-csv",
      "a.csv",
      "--export-markdown",
      "-",
      "--timeout",
      "1.5",
      "--order",
      "shuffled",
      "--seed",
      "42",
    ]);
    expect(o).toMatchObject({
      runs: 5,
      warmup: 0,
      append: ["quiet", "tsc=reliable"],
      memoryMiB: 512,
      smp: 2,
      kernel: "/k",
      suite: "story",
      out: "/tmp/r.json",
      exportCsv: "a.csv",
      exportMarkdown: "-",
      timeoutMs: 1500,
      order: "shuffled",
      seed: 42,
    });
  });
  it("takes the --exec command after -- verbatim, options included", () => {
    expect(parseBenchArgs(["--exec", "--runs", "2", "--", "sleep", "--runs", "0.3"]).exec).toEqual([
      "sleep",
      "--runs",
      "0.3",
    ]);
  });
  it("explains bad input", () => {
    expect(() => parseBenchArgs(["--runs", "0"])).toThrow(/--runs must be a whole number ≥ 1, got "0"/);
    expect(() => parseBenchArgs(["--runs", "ten"])).toThrow(/--runs must be a whole number/);
    expect(() => parseBenchArgs(["--order", "random"])).toThrow(/--order must be one of interleaved, shuffled/);
    expect(() => parseBenchArgs(["--timeout=-1"])).toThrow(/--timeout must be a positive number/);
    expect(() => parseBenchArgs(["--exec"])).toThrow(/--exec needs a command after "--"/);
    expect(() => parseBenchArgs(["--", "ls"])).toThrow(/only used with --exec/);
    expect(() => parseBenchArgs(["--exec", "--suite", "story", "--", "ls"])).toThrow(/cannot be combined/);
    expect(() => parseBenchArgs(["--exec", "--smp", "2", "--", "ls"])).toThrow(/--smp changes the appliance boot/);
    expect(() => parseBenchArgs(["--frobnicate"])).toThrow(/Unknown option '--frobnicate'[\s\S]*usage:/);
  });
});
