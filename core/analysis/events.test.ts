import { describe, expect, it } from "vitest";
import { eventsByPass, formatEventLog, parseEventLog, type EventLog, type EventsHeader } from "./events.ts";

const header: EventsHeader = {
  type: "header",
  schema: "boot-talk/analysis-events@1",
  rules: "appliance",
  target: { kind: "exec", argv: ["true"], appliance: null, about: {} },
  passes: 2,
  warmup: 0,
  createdAt: "2026-11-25T00:00:00.000Z",
  tool: {},
  host: {},
  qemu: null,
  accelerator: null,
  capture: "fifo",
};

describe("events log", () => {
  it("round-trips exactly and groups by pass", () => {
    const log: EventLog = {
      header: { ...header },
      events: [
        { type: "spawn", pass: 0, t: 0, startedAt: 1 },
        { type: "output", pass: 0, t: 1.5, stream: "stderr", text: "a\r\n\u001bc" },
        { type: "exit", pass: 0, t: 2, exitCode: 0, failure: null },
        { type: "spawn", pass: 1, t: 0, startedAt: 3 },
        { type: "exit", pass: 1, t: 4, exitCode: null, failure: "timeout" },
      ],
      observer: { type: "observer", quietWallMs: [1, 2] },
    };
    const text = formatEventLog(log);
    expect(parseEventLog(text, "x.jsonl")).toEqual(log);
    expect(formatEventLog(parseEventLog(text, "x.jsonl"))).toBe(text);
    expect(eventsByPass(log.events).map((p) => p.length)).toEqual([3, 2]);
  });

  it("names the file, line and field of a bad event", () => {
    const text =
      JSON.stringify(header) +
      "\n" +
      JSON.stringify({ type: "output", pass: 0, t: "soon", stream: "stdout", text: "" }) +
      "\n";
    expect(() => parseEventLog(text, "bad.jsonl")).toThrow(/bad\.jsonl:2: bad event \(field t:/);
    expect(() => parseEventLog("{}\n", "h.jsonl")).toThrow(/h\.jsonl:1: not a boot-talk events header/);
    expect(() => parseEventLog("", "e.jsonl")).toThrow(/e\.jsonl: empty events file/);
  });
});

describe("a journal cut short", () => {
  it("keeps every whole line and leaves out a last line cut mid-write", () => {
    const whole = formatEventLog({
      header,
      events: [
        { type: "spawn", pass: 0, t: 0, startedAt: 1 },
        { type: "exit", pass: 0, t: 5, exitCode: 0, failure: null },
      ],
      observer: null,
    });
    const log = parseEventLog(whole + '{"type":"spawn","pass":1,"t":0,"sta', "cut.jsonl");
    expect(log.events).toHaveLength(2);
    expect(() => parseEventLog(whole + '{"type":"spaw\n', "bad.jsonl")).toThrow(/bad\.jsonl:4: not valid JSON/);
  });
});
