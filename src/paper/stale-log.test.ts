import { describe, expect, it } from "vitest";
import { groupStaleWarnings } from "./stale-log.ts";

const OLD =
  "run 2026-12-01T112941Z-story-873ca8: booted an older appliance (kernel 96279caf368a…) than the current one (kernel 1a7ac0c40b10…); re-run it";
const DEF =
  "run 2026-12-01T115830Z-kernel-8f8413: benchmark definition content/benchmarks/kernel.json changed since the run (recorded sha256 a22444029bef…); re-run it";

describe("the paper's stale warnings in the build log", () => {
  it("says each run and reason once, with every line it reaches", () => {
    const grouped = groupStaleWarnings([
      `content/paper/paper.md:103:25: warning: :stat date may be stale: ${OLD}`,
      `content/paper/paper.md:48:1: warning: :conditions may be stale: ${OLD}; ${DEF}`,
      "content/paper/paper.md:1:1: warning: the runs this paper uses are not all comparable: QEMU differs",
      `content/paper/paper.md:217:1: warning: tbl:kernel may be stale: ${DEF}`,
      `content/paper/paper.md:103:40: warning: :stat runs may be stale: ${OLD}`,
    ]);
    expect(grouped).toEqual([
      `content/paper/paper.md:48: warning: may be stale: ${OLD} (2 places, lines 48, 103)`,
      `content/paper/paper.md:48: warning: may be stale: ${DEF} (2 places, lines 48, 217)`,
      "content/paper/paper.md:1:1: warning: the runs this paper uses are not all comparable: QEMU differs",
    ]);
  });

  it("passes other warnings through and says a single place as its line", () => {
    expect(groupStaleWarnings([`p.md:7:3: warning: fig:x may be stale: ${DEF}`, "p.md:9:1: warning: other"])).toEqual([
      `p.md:7: warning: may be stale: ${DEF} (line 7)`,
      "p.md:9:1: warning: other",
    ]);
  });
});
