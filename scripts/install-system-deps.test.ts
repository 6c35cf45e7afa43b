/**
 * The install script's refusals, run for real: on a host without apt-get it stops at once and
 * says what to install by hand, instead of failing half way through with "command not found".
 */
import { mkdtemp, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const SCRIPT = resolve(import.meta.dirname, "install-system-deps.sh");

describe("scripts/install-system-deps.sh", () => {
  it("says clearly that a host without apt-get is not Debian-like, and what to install", async () => {
    // A PATH with the few tools the script's first lines use, and no apt-get or dpkg.
    const bin = await mkdtemp(join(tmpdir(), "no-apt-"));
    for (const tool of ["id", "grep"])
      await symlink(`/usr/bin/${tool}`, join(bin, tool)).catch(() => symlink(`/bin/${tool}`, join(bin, tool)));
    const result = await execa("/bin/bash", [SCRIPT], { env: { PATH: bin }, extendEnv: false, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/not Debian-like/);
    expect(result.stderr).toMatch(/QEMU .*busybox.*Chromium/s);
  });
});
