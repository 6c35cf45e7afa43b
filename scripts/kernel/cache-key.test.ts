import { describe, expect, it } from "vitest";
import { kernelCacheKey, type KernelBuildInputs } from "./cache-key.ts";
import { parseKernelRef, kernelRefOf, buildCommandOf } from "./configs.ts";

const inputs: KernelBuildInputs = {
  config: "appliance",
  source: { package: "linux-source-6.1", version: "6.1.192-3", tarballSha256: "a".repeat(64) },
  base: "tinyconfig",
  arch: "x86_64",
  fragments: [{ file: "content/kernel/appliance.config", sha256: "b".repeat(64) }],
  compiler: { cc: "gcc (Debian 12.2.0-14+deb12u1) 12.2.0", ld: "GNU ld (GNU Binutils for Debian) 2.40" },
  buildEnv: { KBUILD_BUILD_USER: "boot-talk", KBUILD_BUILD_HOST: "boot-talk" },
  formatVersion: 1,
};

describe("kernelCacheKey", () => {
  it("is 16 hex digits and stable, whatever the key order", () => {
    const key = kernelCacheKey(inputs);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    const reordered = Object.fromEntries(Object.entries(inputs).reverse()) as unknown as KernelBuildInputs;
    expect(kernelCacheKey(reordered)).toBe(key);
  });
  it("changes with every input that can change the image", () => {
    const key = kernelCacheKey(inputs);
    const changed: KernelBuildInputs[] = [
      { ...inputs, source: { ...inputs.source, version: "6.1.193-1" } },
      { ...inputs, source: { ...inputs.source, tarballSha256: "c".repeat(64) } },
      { ...inputs, base: "allnoconfig" },
      { ...inputs, fragments: [{ ...inputs.fragments[0]!, sha256: "d".repeat(64) }] },
      { ...inputs, fragments: [...inputs.fragments, { file: "content/kernel/with-x.config", sha256: "e".repeat(64) }] },
      { ...inputs, compiler: { ...inputs.compiler, cc: "gcc (Debian 12.2.0-15) 12.2.0" } },
      { ...inputs, buildEnv: { ...inputs.buildEnv, KBUILD_BUILD_HOST: "elsewhere" } },
      { ...inputs, formatVersion: 2 },
      { ...inputs, config: "with-x" },
    ];
    const keys = new Set(changed.map(kernelCacheKey));
    expect(keys.size).toBe(changed.length);
    expect(keys.has(key)).toBe(false);
  });
});

describe("kernel references", () => {
  it("maps custom to the base and custom:NAME to a variant, and back", () => {
    expect(parseKernelRef("custom")).toBe("appliance");
    expect(parseKernelRef("custom:with-crypto-selftests")).toBe("with-crypto-selftests");
    expect(parseKernelRef("/boot/vmlinuz-6.1")).toBeNull();
    expect(kernelRefOf("appliance")).toBe("custom");
    expect(kernelRefOf("with-crypto-selftests")).toBe("custom:with-crypto-selftests");
    expect(buildCommandOf("with-crypto-selftests")).toBe("npm run kernel -- --config with-crypto-selftests");
  });
  it("rejects a config name that cannot be a file name in content/kernel", () => {
    expect(() => parseKernelRef("custom:../etc")).toThrow(/kebab-case/);
  });
});
