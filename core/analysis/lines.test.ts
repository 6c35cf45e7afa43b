import { describe, expect, it } from "vitest";
import type { PassEvent } from "./events.ts";
import { assembleLines } from "./lines.ts";

const out = (t: number, text: string, stream: "stdout" | "stderr" = "stdout"): PassEvent => ({
  type: "output",
  pass: 0,
  t,
  stream,
  text,
});
const texts = (events: PassEvent[]) => assembleLines(events).map((l) => [l.t, l.source, l.text]);

describe("assembleLines", () => {
  it("splits on newlines, strips trailing carriage returns and keeps each chunk's time", () => {
    expect(texts([out(1, "one\r\ntwo\r\r\n"), out(2, "three\n")])).toEqual([
      [1, "stdout", "one"],
      [1, "stdout", "two"],
      [2, "stdout", "three"],
    ]);
  });

  it("joins a partial line with the next chunk and keeps the original timestamp", () => {
    expect(texts([out(5, "[    1.0] call"), out(9.9, "ing  foo+0x0/0x1 @ 1\nnext")])).toEqual([
      [5, "stdout", "[    1.0] calling  foo+0x0/0x1 @ 1"],
      [9.9, "stdout", "next"],
    ]);
  });

  it("starts a new line when 10 ms or more passed since the partial line was stamped", () => {
    expect(texts([out(5, "partial"), out(15, " rest\n")])).toEqual([
      [5, "stdout", "partial"],
      [15, "stdout", " rest"],
    ]);
    // Just under the window still joins.
    expect(texts([out(5, "partial"), out(14.99, " rest\n")])).toEqual([[5, "stdout", "partial rest"]]);
  });

  it("takes a wider join window when a rule set asks for one", () => {
    expect(texts([out(5, "SeaBIOS (ver"), out(30, "sion 1.16)\n")])).toHaveLength(2);
    expect(assembleLines([out(5, "SeaBIOS (ver"), out(30, "sion 1.16)\n")], 50).map((l) => [l.t, l.text])).toEqual([
      [5, "SeaBIOS (version 1.16)"],
    ]);
  });

  it("strips ANSI/VT escapes, so the kernel's first line is readable after SeaBIOS's resets", () => {
    const lines = texts([
      out(0, "\x1bc\x1b[?7l\x1b[2J\x1b[0mSeaBIOS (version 1.16.2)\r\n"),
      out(3, "Probing EDD (edd=off to disable)... o\x1bc\x1b[?7l\x1b[2J[    0.000000] Linux version 6.1.0\r\n"),
    ]);
    expect(lines).toEqual([
      [0, "stdout", "SeaBIOS (version 1.16.2)"],
      [3, "stdout", "Probing EDD (edd=off to disable)... o[    0.000000] Linux version 6.1.0"],
    ]);
  });

  it("keeps a partial line per stream and adds spawn and exit as event lines", () => {
    const lines = texts([
      { type: "spawn", pass: 0, t: 0, startedAt: 0 },
      out(1, "out-a"),
      out(2, "err-a", "stderr"),
      out(3, "out-b\n"),
      out(4, "err-b\n", "stderr"),
      out(5, "tail without newline"),
      { type: "exit", pass: 0, t: 6, exitCode: 0, failure: null },
    ]);
    expect(lines).toEqual([
      [0, "event", "spawn"],
      [1, "stdout", "out-aout-b"],
      [2, "stderr", "err-aerr-b"],
      [5, "stdout", "tail without newline"],
      [6, "event", "exit"],
    ]);
  });

  it("keeps empty lines and numbers lines in order", () => {
    const lines = assembleLines([out(0, "a\n\n\nb\n")]);
    expect(lines.map((l) => l.text)).toEqual(["a", "", "", "b"]);
    expect(lines.map((l) => l.index)).toEqual([0, 1, 2, 3]);
  });
});
