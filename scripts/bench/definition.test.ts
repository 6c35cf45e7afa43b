import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../core/errors.ts";
import { applyChange, listDefinitions, loadDefinition, parseDefinition } from "./definition.ts";

const valid = {
  name: "demo",
  title: "Demo",
  cumulative: true,
  baseline: { name: "base", spec: { machine: "pc", nic: true, append: ["printk.time=1"] } },
  variants: [
    { name: "quiet", change: { append: ["quiet"] } },
    { name: "no-nic", change: { nic: false } },
    { name: "loud", change: { removeAppend: ["quiet", "printk.time="] } },
  ],
};

function errorOf(text: string, file = "/defs/demo.json"): string {
  try {
    parseDefinition(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("expected parseDefinition to fail");
}

describe("benchmark definitions", () => {
  it("resolves cumulative variants step on step", () => {
    const loaded = parseDefinition(JSON.stringify(valid), "/defs/demo.json");
    expect(loaded.variants.map((v) => v.name)).toEqual(["base", "quiet", "no-nic", "loud"]);
    expect(loaded.variants[1]!.spec).toMatchObject({ machine: "pc", nic: true, append: ["printk.time=1", "quiet"] });
    expect(loaded.variants[2]!.spec).toMatchObject({ nic: false, append: ["printk.time=1", "quiet"] });
    expect(loaded.variants[3]!.spec).toMatchObject({ nic: false, append: [] });
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("resolves non-cumulative variants against the baseline only", () => {
    const loaded = parseDefinition(JSON.stringify({ ...valid, cumulative: false }), "/defs/demo.json");
    expect(loaded.variants[2]!.spec).toMatchObject({ nic: false, append: ["printk.time=1"] });
  });

  it("hashes the same content the same regardless of key order", () => {
    const reordered = {
      variants: valid.variants,
      baseline: valid.baseline,
      cumulative: true,
      title: "Demo",
      name: "demo",
    };
    expect(parseDefinition(JSON.stringify(reordered), "/d/demo.json").sha256).toBe(
      parseDefinition(JSON.stringify(valid), "/d/demo.json").sha256,
    );
  });

  it("names file, line and field for a wrong value", () => {
    const text = JSON.stringify({ ...valid, variants: [{ name: "m", change: { machine: "pcc" } }] }, null, 2);
    const message = errorOf(text);
    expect(message).toContain("/defs/demo.json");
    expect(message).toContain("field variants[0].change.machine");
    expect(message).toMatch(/line \d+/);
    expect(message).toMatch(/expected one of .*pc.*q35.*microvm/);
    // The reported line is the one that holds the bad value.
    const line = Number(/line (\d+)/.exec(message)![1]);
    expect(text.split("\n")[line - 1]).toContain('"pcc"');
  });

  it("rejects unknown fields by name (typos must not be silently ignored)", () => {
    const message = errorOf(JSON.stringify({ ...valid, baseline: { name: "base", spec: { memsize: 512 } } }, null, 2));
    expect(message).toContain("field baseline.spec");
    expect(message).toContain('unknown field(s) "memsize"');
  });

  it("rejects kernel arguments with spaces, duplicate names, empty variants and bad JSON", () => {
    expect(
      errorOf(JSON.stringify({ ...valid, variants: [{ name: "q", change: { append: ["quiet loglevel=0"] } }] })),
    ).toContain("single kernel argument");
    expect(errorOf(JSON.stringify({ ...valid, variants: [{ name: "base", change: {} }] }))).toContain(
      'duplicate variant name "base"',
    );
    expect(errorOf(JSON.stringify({ ...valid, variants: [] }))).toContain("at least one variant");
    expect(errorOf('{"name": "demo",')).toContain("not valid JSON");
  });

  it("requires the name to match the file", () => {
    expect(errorOf(JSON.stringify(valid), "/defs/other.json")).toContain('is "demo" but the file is other.json');
  });

  it("loads by suite name and lists the known suites when one is missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "defs-"));
    await writeFile(join(dir, "demo.json"), JSON.stringify(valid));
    expect((await loadDefinition("demo", dir)).definition.title).toBe("Demo");
    await expect(loadDefinition("nope", dir)).rejects.toThrow(/known suites: demo/);
  });

  it("ships valid definitions, including the cumulative story", async () => {
    const names = await listDefinitions();
    expect(names).toContain("story");
    for (const name of names) await loadDefinition(name);
    const story = await loadDefinition("story");
    expect(story.definition.cumulative).toBe(true);
    expect(story.variants.at(-1)!.spec.append).toContain("quiet");
  });

  it("applyChange replaces scalars and adds to lists", () => {
    expect(
      applyChange({ smp: 1, append: ["a"], extraArgs: ["-x"] }, { smp: 2, append: ["b"], extraArgs: ["-y"] }),
    ).toEqual({
      smp: 2,
      append: ["a", "b"],
      extraArgs: ["-x", "-y"],
    });
  });

  it("takes commands as variants of a non-cumulative suite, never of a cumulative one", () => {
    const mixed = {
      name: "demo",
      title: "Demo",
      baseline: { name: "tool", exec: ["scripts/libguestfs/guestfish-run.sh", "--accel", "tcg"] },
      variants: [{ name: "appliance", change: { machine: "microvm", nic: false } }],
    };
    const loaded = parseDefinition(JSON.stringify(mixed), "/defs/demo.json");
    expect(loaded.variants.map((v) => [v.name, v.exec ?? null])).toEqual([
      ["tool", ["scripts/libguestfs/guestfish-run.sh", "--accel", "tcg"]],
      ["appliance", null],
    ]);
    expect(loaded.variants[1]!.spec).toMatchObject({ machine: "microvm", nic: false });
    expect(errorOf(JSON.stringify({ ...mixed, cumulative: true }))).toMatch(
      /field baseline\.exec.*cumulative suite cannot start from a command/s,
    );
    expect(errorOf(JSON.stringify({ ...mixed, baseline: { name: "tool", exec: [] } }))).toMatch(/baseline\.exec/);
  });
});
