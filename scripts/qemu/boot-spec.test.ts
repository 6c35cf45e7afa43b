import { describe, expect, it } from "vitest";
import { readHostInfo } from "../lib/host.ts";
import { TSC_KHZ_OF_HOST, withHostValues } from "./boot-spec.ts";

describe("kernel arguments with host values", () => {
  it("fills tsc_early_khz=host with this host's TSC frequency and leaves the rest alone", async () => {
    const { cpuKHz } = await readHostInfo();
    const append = ["quiet", TSC_KHZ_OF_HOST, "tsc=reliable"];
    if (cpuKHz === null) {
      await expect(withHostValues(append)).rejects.toThrow(/CPU frequency is unknown/);
      return;
    }
    expect(await withHostValues(append)).toEqual(["quiet", `tsc_early_khz=${cpuKHz}`, "tsc=reliable"]);
    expect(await withHostValues(["quiet"])).toEqual(["quiet"]);
  });
});
