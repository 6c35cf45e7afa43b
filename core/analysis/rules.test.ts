import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRuleSet, RuleError } from "./rules.ts";

const RULES_DIR = resolve(import.meta.dirname, "../../content/rules");
const base = { name: "t", description: "test", activities: [] as unknown[] };
const parse = (json: unknown) => parseRuleSet(JSON.stringify(json), "rules/t.json");

describe("parseRuleSet", () => {
  it("accepts every shipped rule set", async () => {
    const files = (await readdir(RULES_DIR)).filter((f) => f.endsWith(".json"));
    expect(files).toEqual(expect.arrayContaining(["appliance.json", "libguestfs.json"]));
    for (const file of files) {
      const set = parseRuleSet(await readFile(join(RULES_DIR, file), "utf8"), file);
      expect(set.name).toBe(file.replace(/\.json$/, ""));
    }
  });

  it("names the rule and the field of a malformed rule", () => {
    const bad = {
      ...base,
      activities: [
        { name: "ok", stage: "kernel", kind: "required", begin: { contains: "a" }, end: { contains: "b" } },
        { name: "broken", stage: "kernel", kind: "sometimes", begin: { contains: "a" }, end: { contains: "b" } },
      ],
    };
    expect(() => parse(bad)).toThrow(RuleError);
    expect(() => parse(bad)).toThrow(/rules\/t\.json: rule "broken", field kind/);
  });

  it("rejects a matcher with no kind or two kinds, and a bad regex", () => {
    const rule = (begin: unknown) => ({
      ...base,
      activities: [{ name: "x", stage: "kernel", kind: "optional", begin, end: { any: true } }],
    });
    expect(() => parse(rule({}))).toThrow(/rule "x", field begin.*exactly one of/);
    expect(() => parse(rule({ contains: "a", regex: "b" }))).toThrow(/exactly one of/);
    expect(() => parse(rule({ regex: "(" }))).toThrow(/rule "x", field begin.*not a valid regular expression/);
    expect(() => parse(rule({ contains: "a", colour: "red" }))).toThrow(/rule "x", field begin/);
  });

  it("rejects duplicate names, unknown stages and invalid JSON", () => {
    const dup = { name: "x", stage: "kernel", kind: "optional", begin: { contains: "a" }, end: { contains: "b" } };
    expect(() => parse({ ...base, activities: [dup, dup] })).toThrow(/duplicate activity name "x"/);
    expect(() => parse({ ...base, activities: [{ ...dup, stage: "bios" }] })).toThrow(/rule "x", field stage/);
    expect(() => parseRuleSet("{", "r.json")).toThrow(/r\.json: not valid JSON/);
  });

  it('requires a regex begin for a multiple rule that names sub-activities with "{1}"', () => {
    const multi = {
      name: "step {1}",
      stage: "userspace",
      kind: "multiple",
      begin: { contains: "step" },
      end: { contains: "ready" },
    };
    expect(() => parse({ ...base, activities: [multi] })).toThrow(/rule "step \{1\}", field begin/);
  });
});

describe("the removed line-join window", () => {
  it("is refused with the reason and the fix", () => {
    const text = JSON.stringify({
      name: "x",
      description: "x",
      lineJoinWindowMs: 50,
      activities: [{ name: "run", stage: "other", kind: "long", begin: { event: "spawn" }, end: { event: "exit" } }],
    });
    expect(() => parseRuleSet(text, "old.json")).toThrow(
      /old\.json: lineJoinWindowMs: no longer a rule setting: lines are assembled by newline only/,
    );
  });
});
