import { describe, expect, it } from "vitest";
import { makeLines } from "./fixtures/make-lines.ts";
import { findInitcalls } from "./initcalls.ts";

describe("findInitcalls", () => {
  it("names initcalls by module and function, de-duplicates, and records nesting by pid", () => {
    const lines = makeLines([
      [10, "[    1.000000] calling  outer_init+0x0/0x40 @ 1"],
      [11, "[    1.000100] calling  inner_init+0x0/0x10 [virtio_net] @ 1"],
      [12, "[    1.000200] calling  async_probe+0x0/0x10 @ 42"],
      [13, "[    1.000300] initcall inner_init+0x0/0x10 [virtio_net] returned 0 after 200 usecs"],
      [15, "[    1.000500] initcall outer_init+0x0/0x40 returned 0 after 500 usecs"],
      [16, "[    1.000600] initcall async_probe+0x0/0x10 returned 0 after 400 usecs"],
      [20, "[    1.001000] calling  outer_init+0x0/0x40 @ 1"],
      [21, "[    1.001100] initcall outer_init+0x0/0x40 returned 0 after 100 usecs"],
      [22, "[    1.001200] calling  outer_init_late+0x0/0x40 @ 1"],
      [23, "[    1.001300] calling  never_returns+0x0/0x40 @ 1"],
      [24, "[    1.001400] initcall outer_init_late+0x0/0x40 returned 0 after 100 usecs"],
      [25, "[    1.758467] pci 0000:00:00.0: calling  quirk_mmio_always_on+0x0/0x20 @ 1"],
      [27, "[    1.759387] pci 0000:00:00.0: quirk_mmio_always_on+0x0/0x20 took 0 usecs"],
    ]);
    const { occurrences, unfinished } = findInitcalls(lines, "initcalls");
    expect(occurrences.map((o) => [o.name, o.startMs, o.endMs, o.parent])).toEqual([
      ["initcall kernel.outer_init", 10, 15, null],
      ["initcall virtio_net.inner_init", 11, 13, "initcall kernel.outer_init"],
      // Another pid runs concurrently; it is not nested in pid 1's initcall.
      ["initcall kernel.async_probe", 12, 16, null],
      ["initcall kernel.outer_init:1", 20, 21, null],
      // "initcall outer_init+" must not end at "initcall outer_init_late+".
      ["initcall kernel.outer_init_late", 22, 24, null],
      // A PCI fixup ends with "took", not "initcall … returned".
      ["pci-fixup quirk_mmio_always_on", 25, 27, null],
    ]);
    expect(occurrences.every((o) => o.kind === "initcall" && o.stage === "initcalls")).toBe(true);
    expect(unfinished).toEqual(["initcall kernel.never_returns"]);
  });

  it("reads a calling line that the 10 ms rule cut short", () => {
    const lines = makeLines([
      [10, "[    1.067000] calling  init_hw_perf_events+0x0/"],
      [30, "0x683 @ 1"],
      [40, "[    1.072000] initcall init_hw_perf_events+0x0/0x683 r"],
    ]);
    expect(findInitcalls(lines, "initcalls").occurrences.map((o) => [o.name, o.startMs, o.endMs])).toEqual([
      ["initcall kernel.init_hw_perf_events", 10, 40],
    ]);
  });
});
