import { describe, expect, it } from "vitest";
import { compareKernelVersions, locateBusybox, locateKernel, pickKernel } from "./locate.ts";

describe("pickKernel", () => {
  it("prefers -cloud- kernels, then the newest version (numerically)", () => {
    expect(pickKernel(["/boot/vmlinuz-6.9.0-1-amd64", "/boot/vmlinuz-6.10.0-1-amd64"])).toBe(
      "/boot/vmlinuz-6.10.0-1-amd64",
    );
    expect(pickKernel(["/boot/vmlinuz-6.12.0-1-amd64", "/boot/vmlinuz-6.1.0-56-cloud-amd64"])).toBe(
      "/boot/vmlinuz-6.1.0-56-cloud-amd64",
    );
    expect(pickKernel([])).toBeUndefined();
  });
  it("compares versions part by part", () => {
    expect(compareKernelVersions("6.1.0-56", "6.1.0-9")).toBeGreaterThan(0);
  });
});

describe("missing inputs", () => {
  it("names the package to install when busybox is missing", async () => {
    await expect(locateBusybox("/nonexistent/busybox")).rejects.toThrow(/busybox-static/);
  });
  it("explains an unreadable kernel", async () => {
    await expect(locateKernel("/nonexistent/vmlinuz-1")).rejects.toThrow(/not readable|--kernel/);
  });
});

describe("BOOT_TALK_KERNEL_DIR", () => {
  it("is searched instead of /opt/boot-talk/kernel, as install-system-deps.sh extracts there", async () => {
    const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = await mkdtemp(join(tmpdir(), "boot-talk-kernel-dir-"));
    const saved = process.env.BOOT_TALK_KERNEL_DIR;
    try {
      // A -cloud- kernel newer than any real one, so pickKernel ranks it first.
      await writeFile(join(dir, "vmlinuz-99.0.0-1-cloud-amd64"), "not a kernel");
      process.env.BOOT_TALK_KERNEL_DIR = dir;
      expect(await locateKernel()).toBe(join(dir, "vmlinuz-99.0.0-1-cloud-amd64"));
    } finally {
      if (saved === undefined) delete process.env.BOOT_TALK_KERNEL_DIR;
      else process.env.BOOT_TALK_KERNEL_DIR = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
