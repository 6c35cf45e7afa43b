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
      "--machine",
      "q35",
      "--accel",
      "tcg",
      "--append",
      "loglevel=3",
      "--order",
      "shuffled",
      "--seed",
      "42",
    ]);
    expect(o).toMatchObject({
      runs: 5,
      warmup: 0,
      append: ["quiet", "tsc=reliable", "loglevel=3"],
      machine: "q35",
      accel: "tcg",
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
      ["sleep", "--runs", "0.3"],
    ]);
  });
  it("takes several --exec commands as shell-style strings (no shell runs them)", () => {
    expect(parseBenchArgs(["--exec", "sleep 0.1", "sh -c 'sleep 0.05'", "--", "true"]).exec).toEqual([
      ["sleep", "0.1"],
      ["sh", "-c", "sleep 0.05"],
      ["true"],
    ]);
    expect(() => parseBenchArgs(["--exec", "ls *.ts"])).toThrow(/the pattern \*\.ts needs a shell/);
    expect(() => parseBenchArgs(["--exec", "echo $HOME"])).toThrow(/\$HOME needs a shell/);
  });
  it("parses parameter scans and lists", () => {
    const o = parseBenchArgs([
      "--parameter-scan",
      "memsize",
      "128",
      "512",
      "--parameter-step-size",
      "128",
      "--parameter-list",
      "smp",
      "1,2",
    ]);
    expect(o.parameters).toEqual([
      { name: "memsize", values: ["128", "256", "384", "512"] },
      { name: "smp", values: ["1", "2"] },
    ]);
    expect(() => parseBenchArgs(["--parameter-scan", "n", "1"])).toThrow(/takes NAME MIN MAX/);
    expect(() => parseBenchArgs(["--parameter-scan", "n", "1", "1e6"])).toThrow(/at most 1000/);
    expect(() => parseBenchArgs(["--parameter-step-size", "2"])).toThrow(/goes with --parameter-scan/);
  });
  it("explains bad input in one line", () => {
    expect(() => parseBenchArgs(["--runs", "0"])).toThrow(/--runs must be a whole number from 1 to 100000, got "0"/);
    expect(() => parseBenchArgs(["--runs", "1e11"])).toThrow(/--runs must be a whole number/);
    expect(() => parseBenchArgs(["--order", "random"])).toThrow(/--order must be one of interleaved, shuffled/);
    expect(() => parseBenchArgs(["--timeout=-1"])).toThrow(/--timeout must be a duration/);
    expect(() => parseBenchArgs(["--timeout", "3000000"])).toThrow(/--timeout must be a duration from 1ms to 2147483s/);
    expect(() => parseBenchArgs(["--exec"])).toThrow(/--exec needs a command/);
    expect(() => parseBenchArgs(["--", "ls"])).toThrow(/commands to run go after --exec/);
    expect(() => parseBenchArgs(["--exec", "--suite", "story", "--", "ls"])).toThrow(/cannot be combined/);
    expect(() => parseBenchArgs(["--exec", "--smp", "2", "--", "ls"])).toThrow(/--smp changes the appliance boot/);
    expect(() => parseBenchArgs(["--accel", "hvf"])).toThrow(/--accel must be one of auto, kvm, tcg/);
    expect(() => parseBenchArgs(["--frobnicate"])).toThrow(
      /^unknown option --frobnicate; run npm run bench -- --help for the options$/,
    );
  });
});
