import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { applianceSkipReason } from "../../tests/support/system.ts";
import { buildAppliance } from "./appliance.ts";
import { READY_MARKER, renderInitScript } from "./init-script.ts";
import { readFileSync } from "node:fs";

const skip = await applianceSkipReason();
const cacheDir = await mkdtemp(join(tmpdir(), "boot-talk-appliance-"));
afterAll(() => rm(cacheDir, { recursive: true, force: true }));

describe.skipIf(skip)("buildAppliance (real kernel and busybox)", () => {
  it("builds once, then reuses the cache until an input changes", async () => {
    const first = await buildAppliance({ cacheDir });
    expect(first.built).toBe(true);
    const again = await buildAppliance({ cacheDir });
    expect(again.built).toBe(false);
    expect(again.hash).toBe(first.hash);
    const zstd = await buildAppliance({ cacheDir, compression: "zstd" });
    expect(zstd.hash).not.toBe(first.hash);
    expect(zstd.initrd.path.endsWith(".zst")).toBe(true);
  });

  it("puts busybox and an /init that prints the ready marker into the initramfs", async () => {
    const appliance = await buildAppliance({ cacheDir });
    const archive = gunzipSync(readFileSync(appliance.initrd.path)).toString("latin1");
    expect(archive).toContain("bin/busybox");
    expect(archive).toContain(READY_MARKER);
    expect(archive).toContain("dev/console");
  });
});

describe("renderInitScript", () => {
  it("quotes arguments and rejects step names the analysis rules could not match", () => {
    const script = renderInitScript([{ name: "say", commands: [["echo", "it's"]] }]);
    expect(script).toContain(`/bin/busybox 'echo' 'it'\\''s'`);
    expect(script.trimEnd().endsWith("poweroff -f")).toBe(true);
    expect(() => renderInitScript([{ name: "Bad Name", commands: [] }])).toThrow(/kebab-case/);
  });
});
