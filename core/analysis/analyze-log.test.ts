import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeLog, AnalysisFailure } from "./analyze-log.ts";
import { formatEventLog, parseEventLog, type EventLog } from "./events.ts";
import { buildRecord } from "./record.ts";
import { renderReport } from "./report.ts";
import { parseRuleSet } from "./rules.ts";

const here = import.meta.dirname;
const fixture = resolve(here, "fixtures/appliance-boot.events.jsonl");
const rulesFile = resolve(here, "../../content/rules/appliance.json");
const load = async () => ({
  log: parseEventLog(await readFile(fixture, "utf8"), fixture),
  rules: parseRuleSet(await readFile(rulesFile, "utf8"), rulesFile),
});
const report = (log: EventLog, rules: Awaited<ReturnType<typeof load>>["rules"]) => {
  const result = analyzeLog(log, rules);
  const record = buildRecord({
    id: "fixture",
    header: log.header,
    result,
    rules: { name: rules.name, file: "content/rules/appliance.json", sha256: "x" },
    eventsFile: "fixture.events.jsonl",
    status: "complete",
  });
  return { result, record, text: renderReport(record, result.passes) };
};

describe("analyzeLog on a real appliance boot (trimmed fixture)", () => {
  it("finds QEMU start-up, SeaBIOS, the kernel, initcalls, /init steps and shutdown, in boot order", async () => {
    const { log, rules } = await load();
    const { result } = report(log, rules);
    const names = result.activities.map((a) => a.name);
    for (const name of [
      "run",
      "qemu:startup",
      "seabios",
      "firmware:ipxe",
      "firmware:linuxboot",
      "kernel",
      "kernel:start-to-initcalls",
      "kernel:to-userspace",
      "/init",
      "/init:mount-special",
      "/init:tmpfs",
      "/init:network-lo",
      "shutdown",
      "qemu:teardown",
      "initcall kernel.acpi_init",
    ]) {
      expect(names).toContain(name);
    }
    const at = (name: string) => result.activities.find((a) => a.name === name)!;
    // The chain of top-level activities covers the run from spawn to exit without gaps.
    const chain = [
      "qemu:startup",
      "seabios",
      "firmware:linuxboot",
      "kernel",
      "kernel:to-userspace",
      "/init",
      "shutdown",
      "qemu:teardown",
    ];
    const total = chain.reduce((sum, name) => sum + at(name).durationMs, 0);
    expect(total).toBeCloseTo(result.run.meanMs, 6);
    for (let i = 1; i < chain.length; i++)
      expect(at(chain[i]!).startMs).toBeCloseTo(at(chain[i - 1]!).startMs + at(chain[i - 1]!).durationMs, 6);
    expect(at("run").warning).toBe(false);
    expect(at("kernel:to-userspace").kind).toBe("required");
    expect(at("/init:tmpfs").parent).toBe("/init");
  });

  it("aligns the printk clock: the kernel starts after the firmware hands over and before its first line arrives", async () => {
    const { log, rules } = await load();
    const { result } = report(log, rules);
    const clock = result.clockAlignment!;
    expect(clock.lines).toBeGreaterThan(20);
    const at = (name: string) => result.activities.find((a) => a.name === name)!;
    expect(clock.kernelEntryMs).toBeGreaterThan(at("firmware:linuxboot").startMs);
    expect(clock.kernelEntryMs).toBeLessThanOrEqual(at("kernel:start-to-initcalls").startMs);
    const decompress = at("kernel:setup+decompress");
    expect(decompress.startMs + decompress.durationMs).toBeCloseTo(clock.kernelEntryMs, 6);
  });

  it("computes the cost of observing from the quiet boots in the log", async () => {
    const { log, rules } = await load();
    const { result } = report(log, rules);
    const quiet = log.observer!.quietWallMs;
    expect(result.observerCost!.quietMs).toBeCloseTo(quiet.reduce((a, b) => a + b) / quiet.length, 9);
    // One pass in the fixture: the quiet boots are compared with it.
    expect(result.observerCost!.analysisMs).toBeCloseTo(result.passes[0]!.wallMs, 9);
    expect(result.observerCost!.costMs).toBeCloseTo(result.observerCost!.analysisMs - result.observerCost!.quietMs, 9);
  });

  it("re-analysing a saved log prints byte-identical output", async () => {
    const { log, rules } = await load();
    const first = report(log, rules).text;
    const again = report(parseEventLog(formatEventLog(log), "roundtrip.jsonl"), rules).text;
    expect(again).toBe(first);
    expect(first).toContain("Longest activities:");
    expect(first).toContain("Cost of observing:");
  });

  it("reports what was seen when the target exits early, instead of crashing", async () => {
    const { log, rules } = await load();
    const cut = log.events.findIndex((e) => e.type === "output" && e.text.includes("Run /init"));
    const early: EventLog = {
      ...log,
      events: [...log.events.slice(0, cut), { type: "exit", pass: 0, t: 5000, exitCode: 1, failure: "exit-code" }],
    };
    let failure: unknown;
    try {
      analyzeLog(early, rules);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(AnalysisFailure);
    const message = (failure as Error).message;
    expect(message).toContain("pass 0 ended with exit-code (exit code 1)");
    expect(message).toMatch(
      /could not find activity "kernel" in pass 0: no end \(a line containing "Run \/init as init process"\)/,
    );
    expect(message).toContain("nearest lines:");
  });

  it("reports a hang (timeout) with the last lines seen", async () => {
    const { log, rules } = await load();
    const cut = log.events.findIndex((e) => e.type === "output" && e.text.includes("boot-talk: step tmpfs"));
    const hung: EventLog = {
      ...log,
      events: [...log.events.slice(0, cut), { type: "exit", pass: 0, t: 60_000, exitCode: null, failure: "timeout" }],
    };
    expect(() => analyzeLog(hung, rules)).toThrow(
      /pass 0 ended with timeout after 60000 ms[\s\S]*boot-talk: step mount-special[\s\S]*could not find activity "\/init"/,
    );
  });
});
