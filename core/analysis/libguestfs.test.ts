/**
 * The libguestfs rules against a real capture of `guestfish -v -x -a /dev/null run`
 * (libguestfs 1.48, direct backend, TCG, on the development machine; see the rules file for
 * the exact command). No libguestfs is needed to run this.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeLog } from "./analyze-log.ts";
import { eventsByPass, parseEventLog } from "./events.ts";
import { assembleLines } from "./lines.ts";
import { parseRuleSet } from "./rules.ts";

const here = import.meta.dirname;

describe("libguestfs rules on a real guestfish capture", async () => {
  const fixture = resolve(here, "fixtures/libguestfs.events.jsonl");
  const rulesFile = resolve(here, "../../content/rules/libguestfs.json");
  const log = parseEventLog(await readFile(fixture, "utf8"), fixture);
  const rules = parseRuleSet(await readFile(rulesFile, "utf8"), rulesFile);
  const result = analyzeLog(log, rules);
  const at = (name: string) => {
    const found = result.activities.find((a) => a.name === name);
    if (!found)
      throw new Error(
        `activity ${name} not found; have ${result.activities
          .filter((a) => a.kind !== "initcall")
          .map((a) => a.name)
          .join(", ")}`,
      );
    return found;
  };

  it("finds the kernel, the supermin initrd, /init and the daemon in every pass", () => {
    expect(log.header.target.argv).toEqual(["guestfish", "-v", "-x", "-a", "/dev/null", "run"]);
    for (const name of [
      "run",
      "launch",
      "supermin:build",
      "seabios",
      "kernel",
      "kernel:overhead",
      "kernel:alternatives",
      "supermin:mini-initrd",
      "/init",
      "bash:overhead",
      "/init:mount-special",
      "/init:udev-overhead",
      "/init:lvm-probe",
      "guestfsd",
      "shutdown",
    ]) {
      expect(at(name).passes).toHaveLength(log.header.passes);
    }
  });

  it("names one activity per module loaded by the supermin initrd, inside it", () => {
    const insmods = result.activities.filter((a) => a.name.startsWith("insmod "));
    expect(insmods.map((a) => a.name)).toEqual(
      expect.arrayContaining(["insmod virtio_scsi", "insmod ext4", "insmod virtio_pci"]),
    );
    const initrd = at("supermin:mini-initrd");
    for (const m of insmods) {
      expect(m.parent).toBe("supermin:mini-initrd");
      expect(m.startMs).toBeGreaterThanOrEqual(initrd.startMs);
      expect(m.startMs + m.durationMs).toBeLessThanOrEqual(initrd.startMs + initrd.durationMs + 1e-6);
    }
  });

  it("orders the boot: firmware, kernel, supermin, /init, guestfsd, shutdown", () => {
    const order = ["seabios", "kernel", "supermin:mini-initrd", "/init", "guestfsd", "shutdown"].map(
      (n) => at(n).startMs,
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(at("run").kind).toBe("long");
    expect(at("run").warning).toBe(false);
    expect(result.activities.some((a) => a.kind === "initcall")).toBe(true);
  });

  it("ends SeaBIOS at its hand-off line and gives decompression and early boot their own activity", () => {
    const handOff = eventsByPass(log.events).map((events) => {
      const lines = assembleLines(events);
      return lines.find((l) => l.text.includes("Booting from ROM"))!.t;
    });
    const seabios = at("seabios");
    const decompress = at("kernel:decompress+early");
    seabios.passes.forEach((p, i) => {
      expect(p.pass).toBe(i);
      expect(p.startMs + p.durationMs).toBeLessThanOrEqual(handOff[i]!);
      expect(decompress.passes[i]!.startMs).toBeCloseTo(handOff[i]!, 6);
    });
    expect(at("bios:overhead").durationMs).toBeCloseTo(seabios.durationMs, 6);
    expect(decompress.durationMs).toBeGreaterThan(seabios.durationMs);
  });

  it("says that both captured passes lost console bytes (libguestfs reads the console from a socket too)", () => {
    expect(result.passes.map((p) => p.status)).toEqual(["damaged", "damaged"]);
    expect(result.warnings.join("\n")).toContain("statistics come from damaged passes");
  });
});
