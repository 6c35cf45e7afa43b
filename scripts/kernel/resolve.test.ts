import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../core/errors.ts";
import { isCustomKernelRef, resolveCustomKernel } from "./resolve.ts";
import { locateKernel } from "../appliance/locate.ts";

const emptyCache = await mkdtemp(join(tmpdir(), "boot-talk-kernel-cache-"));
afterAll(() => rm(emptyCache, { recursive: true, force: true }));

describe("resolving custom kernels", () => {
  it("recognises custom and custom:NAME, not paths", () => {
    expect(isCustomKernelRef("custom")).toBe(true);
    expect(isCustomKernelRef("custom:with-crypto-selftests")).toBe(true);
    expect(isCustomKernelRef("/boot/vmlinuz-6.1.0-57-cloud-amd64")).toBe(false);
  });
  it("never builds: a missing build names the command that makes it", async () => {
    const attempt = resolveCustomKernel("custom:with-crypto-selftests", emptyCache);
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toThrow(/npm run kernel -- --config with-crypto-selftests|build-essential/);
  });
  it("names the known configs when a variant does not exist", async () => {
    await expect(locateKernel("custom:no-such-config")).rejects.toThrow(
      /no kernel config "no-such-config".*Known configs: appliance/,
    );
  });
});
