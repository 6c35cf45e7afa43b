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

  it("joins a partial line with the next chunks however long they take, stamped with its first byte", () => {
    // An 84 ms stall inside an initcall line (TCG on a busy host) must not cut it in two.
    expect(
      texts([
        out(5, "[    1.000000] initcal"),
        out(89, "l cxl_core_init+0x0/0x1 returned 0"),
        out(90, " after 3 usecs\nnext"),
      ]),
    ).toEqual([
      [5, "stdout", "[    1.000000] initcall cxl_core_init+0x0/0x1 returned 0 after 3 usecs"],
      [90, "stdout", "next"],
    ]);
  });

  it("stamps a line whose newline arrives alone with the chunk of its first byte", () => {
    expect(texts([out(1, "SeaBIOS (ver"), out(2, "sion 1.16)"), out(30, "\r\n")])).toEqual([
      [1, "stdout", "SeaBIOS (version 1.16)"],
    ]);
  });

  it("strips ANSI/VT escapes and splits two messages merged without a newline, each with its own time", () => {
    const lines = texts([
      out(0, "\x1bc\x1b[?7l\x1b[2J\x1b[0mSeaBIOS (version 1.16.2)\r\n"),
      out(3, "Probing EDD (edd=off to disable)... o"),
      out(4, "\x1bc\x1b[?7l\x1b[2J"),
      out(900, "[    0.000000] Linux version 6.1.0\r\n[    0.000000] Command line: x\r\n"),
    ]);
    expect(lines).toEqual([
      [0, "stdout", "SeaBIOS (version 1.16.2)"],
      [3, "stdout", "Probing EDD (edd=off to disable)... o"],
      [900, "stdout", "[    0.000000] Linux version 6.1.0"],
      [900, "stdout", "[    0.000000] Command line: x"],
    ]);
  });

  it("splits a printk line that follows other text, and libguestfs's escaped resets", () => {
    expect(
      texts([out(1, "Probing EDD (edd=off to disable)... ok"), out(7, "[    0.000000] Linux version 6.1\n")]),
    ).toEqual([
      [1, "stdout", "Probing EDD (edd=off to disable)... ok"],
      [7, "stdout", "[    0.000000] Linux version 6.1"],
    ]);
    expect(
      texts([
        out(1, "Booting from ROM..", "stderr"),
        out(2, "\\x1bc\\x1b[?7l\\x1b[2J", "stderr"),
        out(50, "[    0.000000] Linux\n", "stderr"),
      ]),
    ).toEqual([
      [1, "stderr", "Booting from ROM.."],
      [50, "stderr", "[    0.000000] Linux"],
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
