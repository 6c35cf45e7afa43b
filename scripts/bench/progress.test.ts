import { describe, expect, it } from "vitest";
import type { SampleRecord } from "../../core/records/schema.ts";
import { createProgress } from "./progress.ts";

function fakeStream() {
  const writes: string[] = [];
  return {
    writes,
    stream: { write: (text: string) => writes.push(text) > 0, isTTY: false } as unknown as NodeJS.WriteStream,
  };
}

const sample: SampleRecord = {
  sequence: 0,
  warmup: false,
  ok: true,
  failure: null,
  exitCode: 0,
  wallMs: 3100,
  markerMs: 3050.25,
  startedAt: 0,
  detail: null,
};
const target = { name: "quiet", argv: ["qemu"] };

describe("progress", () => {
  it("prints one plain line per finished run when not a terminal", () => {
    const { writes, stream } = fakeStream();
    const p = createProgress(stream, false);
    p.start({ done: 0, total: 26, slot: { variant: 1, warmup: false, index: 2 }, target, ofKind: 10 });
    p.sample({ done: 5, total: 26, slot: { variant: 1, warmup: false, index: 2 }, target, sample, ofKind: 10 });
    p.sample({
      done: 6,
      total: 26,
      slot: { variant: 1, warmup: true, index: 0 },
      target,
      sample: { ...sample, ok: false, failure: "timeout" },
      ofKind: 3,
    });
    p.finish();
    expect(writes).toHaveLength(2);
    expect(writes[0]).toMatch(
      /^\[5\/26\] quiet run 3\/10: 3\.05 s; current estimate 3\.05 s \(median 3\.05 s, n 1\), ETA \d+s\n$/,
    );
    expect(writes[1]).toMatch(/^\[6\/26\] quiet warm-up 1\/3: FAILED \(timeout\), ETA/);
  });

  it("redraws a single bar with variant, n/N and ETA on a terminal, and clears it at the end", () => {
    const { writes, stream } = fakeStream();
    const p = createProgress(stream, true);
    p.start({ done: 13, total: 26, slot: { variant: 0, warmup: false, index: 4 }, target, ofKind: 10 });
    expect(writes[0]).toMatch(/^\r\x1b\[2K█{12}░{12} 13\/26 {2}quiet run 5\/10 {2}ETA \d+s$/);
    // After timed runs: hyperfine's "current estimate" (mean, median) and the last value.
    for (const [i, markerMs] of [3000, 3100, 3500].entries())
      p.sample({
        done: 14 + i,
        total: 26,
        slot: { variant: 0, warmup: false, index: 5 + i },
        target,
        sample: { ...sample, markerMs },
        ofKind: 10,
      });
    p.start({ done: 17, total: 26, slot: { variant: 0, warmup: false, index: 8 }, target, ofKind: 10 });
    expect(writes.at(-1)).toMatch(
      /quiet run 9\/10 {2}current estimate 3\.20 s \(median 3\.10 s, n 3\) {2}last 3\.50 s {2}ETA \d+s$/,
    );
    p.finish();
    expect(writes.at(-1)).toBe("\r\x1b[2K");
  });
});
