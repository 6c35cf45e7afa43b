import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { droppedOptions, expectedValues, formatDropped, parseDotConfig, parseFragment } from "./fragment.ts";
import { KERNEL_CONFIG_DIR } from "./configs.ts";

const fragment = (text: string, file = "f.config") => parseFragment(text, file);

describe("parseFragment", () => {
  it("reads set and not-set options with the comment above each", () => {
    const parsed = fragment(
      `# header\n\n# why ACPI\nCONFIG_ACPI=y\n# why not PCI\n# second line\n# CONFIG_PCI is not set\n# a string\nCONFIG_LOCALVERSION="-x"\n`,
    );
    expect(parsed.options).toEqual([
      { symbol: "CONFIG_ACPI", value: "y", line: 4, why: "why ACPI" },
      { symbol: "CONFIG_PCI", value: null, line: 7, why: "why not PCI second line" },
      { symbol: "CONFIG_LOCALVERSION", value: `"-x"`, line: 9, why: "a string" },
    ]);
  });
  it("treats =n as not set", () => {
    expect(fragment("# off\nCONFIG_X=n\n").options[0]!.value).toBeNull();
  });
  it("requires a comment right above every option (a blank line breaks the link)", () => {
    expect(() => fragment("CONFIG_ACPI=y\n")).toThrow(/f\.config: line 1: CONFIG_ACPI has no comment/);
    expect(() => fragment("# why\nCONFIG_A=y\nCONFIG_B=y\n")).toThrow(/line 3: CONFIG_B has no comment/);
    expect(() => fragment("# why\n\nCONFIG_A=y\n")).toThrow(/line 3/);
  });
  it("rejects duplicates, trailing comments and lines that are not Kconfig", () => {
    expect(() => fragment("# a\nCONFIG_A=y\n# again\nCONFIG_A=n\n")).toThrow(
      /line 4: CONFIG_A is already set on line 2/,
    );
    expect(() => fragment("# a\nCONFIG_A=y # because\n")).toThrow(/line 2: CONFIG_A has the value/);
    expect(() => fragment("ACPI=y\n")).toThrow(/line 1: not a Kconfig line/);
  });
});

describe("droppedOptions", () => {
  const finalConfig = parseDotConfig(
    `CONFIG_ACPI=y\n# CONFIG_PCI is not set\nCONFIG_NR=4\nCONFIG_S="-boot-talk"\n# comment\n`,
  );
  it("passes when every value survived", () => {
    const f = fragment(
      `# a\nCONFIG_ACPI=y\n# b\n# CONFIG_PCI is not set\n# c\nCONFIG_NR=4\n# d\nCONFIG_S="-boot-talk"\n`,
    );
    expect(droppedOptions([f], finalConfig)).toEqual([]);
  });
  it("reports values kconfig changed or dropped, with file and line", () => {
    const f = fragment(
      `# a\nCONFIG_PCI=y\n# b\nCONFIG_NR=1\n# c\nCONFIG_TYPO=y\n# d\n# CONFIG_ABSENT is not set\n`,
      "content/kernel/x.config",
    );
    const dropped = droppedOptions([f], finalConfig);
    expect(dropped.map((d) => d.symbol)).toEqual(["CONFIG_PCI", "CONFIG_NR", "CONFIG_TYPO", "CONFIG_ABSENT"]);
    const text = formatDropped(dropped);
    expect(text).toContain("content/kernel/x.config:2 CONFIG_PCI=y, got: not set");
    expect(text).toContain("content/kernel/x.config:4 CONFIG_NR=1, got: 4");
    expect(text).toContain("content/kernel/x.config:6 CONFIG_TYPO=y, got: absent");
    // "is not set" for a symbol that is not there at all has no effect: flagged too (a typo, or a dead line).
    expect(text).toContain("content/kernel/x.config:8 CONFIG_ABSENT=n, got: absent");
  });
  it("lets a later fragment override an earlier one, as merge_config.sh does", () => {
    const base = fragment(`# off in the base\n# CONFIG_ACPI is not set\n`, "base.config");
    const variant = fragment(`# on in the variant\nCONFIG_ACPI=y\n`, "variant.config");
    expect(expectedValues([base, variant]).get("CONFIG_ACPI")).toEqual({ value: "y", file: "variant.config", line: 2 });
    expect(droppedOptions([base, variant], finalConfig)).toEqual([]);
  });
});

describe("the project's fragments", () => {
  for (const name of readdirSync(KERNEL_CONFIG_DIR).filter((n) => n.endsWith(".config"))) {
    it(`${name} parses: one commented line per option`, () => {
      const parsed = parseFragment(readFileSync(join(KERNEL_CONFIG_DIR, name), "utf8"), name);
      expect(parsed.options.length).toBeGreaterThan(0);
    });
  }
});
