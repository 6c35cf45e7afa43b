import { describe, expect, it } from "vitest";
import { ApplianceInfo } from "../../core/records/schema.ts";

const old = {
  hash: "547966a3c8cb90f1",
  kernel: { path: "/opt/boot-talk/kernel/vmlinuz-6.1.0-57-cloud-amd64", sha256: "a".repeat(64), bytes: 14190528 },
  initrd: { sha256: "b".repeat(64), bytes: 1051329, compression: "gzip" },
  busyboxSha256: "c".repeat(64),
};

describe("ApplianceInfo.kernel.build", () => {
  it("is null for records written before custom kernels existed", () => {
    expect(ApplianceInfo.parse(old).kernel.build).toBeNull();
  });
  it("keeps a custom kernel's source and config", () => {
    const build = {
      sourcePackage: "linux-source-6.1",
      sourceVersion: "6.1.192-3",
      config: "appliance",
      configSha256: "d".repeat(64),
      fragments: [{ file: "content/kernel/appliance.config", sha256: "e".repeat(64) }],
    };
    expect(ApplianceInfo.parse({ ...old, kernel: { ...old.kernel, build } }).kernel.build).toEqual(build);
  });
});
