import { afterEach, describe, expect, it, vi } from "vitest";
import { isLog, recordingLog, replay, sayOnce } from "./build-log.ts";

const unique = () => `test\0${Math.random()}`;

describe("the build log", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  afterEach(() => warn.mockClear());

  it("says each key once per process, whatever the lines", () => {
    const key = unique();
    expect(sayOnce(key, ["one", "two"])).toBe(true);
    expect(sayOnce(key, ["one", "two"])).toBe(false);
    expect(warn.mock.calls).toEqual([["one"], ["two"]]);
  });

  it("records what a rendering says, and prints it unless quiet", async () => {
    const [loud, quiet] = [unique(), unique()];
    const a = await recordingLog(async () => (sayOnce(loud, ["loud"]), 1));
    expect(a).toEqual({ value: 1, log: [{ key: loud, lines: ["loud"] }] });
    const b = await recordingLog(async () => sayOnce(quiet, ["quiet"]), { quiet: true });
    expect(b.log).toEqual([{ key: quiet, lines: ["quiet"] }]);
    expect(warn.mock.calls).toEqual([["loud"]]);
    // Replayed (a cached rendering): said now, once.
    replay(b.log);
    replay(b.log);
    expect(warn.mock.calls).toEqual([["loud"], ["quiet"]]);
  });

  it("keeps a recording inside a quiet one quiet, and reports it to both", async () => {
    const key = unique();
    const outer = await recordingLog(async () => (await recordingLog(async () => sayOnce(key, ["inner"]))).log, {
      quiet: true,
    });
    expect(outer.value).toEqual([{ key, lines: ["inner"] }]);
    expect(outer.log).toEqual([{ key, lines: ["inner"] }]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("recognises a well-formed log read back from disk, and nothing else", () => {
    expect(isLog([{ key: "k", lines: ["a"] }])).toBe(true);
    expect(isLog([])).toBe(true);
    expect(isLog([{ key: "k", lines: [1] }])).toBe(false);
    expect(isLog([{ lines: ["a"] }])).toBe(false);
    expect(isLog({ key: "k", lines: [] })).toBe(false);
  });
});
