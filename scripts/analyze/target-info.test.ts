/**
 * What the record learns of an --exec target, with real processes: a stand-in guestfish (a
 * shell script answering --version and get-hv as libguestfs's does) that points at the real
 * QEMU when it is installed, so the provenance names the libguestfs and QEMU versions.
 */
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { learnTarget } from "./target-info.ts";

describe("learnTarget", () => {
  it("names the program, and for guestfish its version and the QEMU libguestfs runs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "target-info-"));
    const fakeQemu = join(dir, "qemu-system-x86_64");
    await writeFile(fakeQemu, "#!/bin/sh\necho 'QEMU emulator version 7.2.22 (stand-in)'\n");
    const guestfish = join(dir, "guestfish");
    await writeFile(
      guestfish,
      `#!/bin/sh\ncase "$1" in --version) echo 'guestfish 1.48.6';; get-hv) echo '${fakeQemu}';; esac\n`,
    );
    await Promise.all([chmod(fakeQemu, 0o755), chmod(guestfish, 0o755)]);
    const info = await learnTarget([guestfish, "-v", "-x", "-a", "/dev/null", "run"]);
    expect(info.about).toMatchObject({ program: guestfish, "guestfish version": "guestfish 1.48.6" });
    expect(info.qemu).toEqual({ path: fakeQemu, version: "QEMU emulator version 7.2.22 (stand-in)" });
    expect(info.about.qemu).toContain("7.2.22");
  });

  it("asks an arbitrary program nothing, and says when it is not on PATH", async () => {
    expect(await learnTarget(["sh", "-c", "exit 0"])).toEqual({
      about: { program: expect.stringMatching(/\/sh$/) },
      qemu: null,
    });
    expect((await learnTarget(["no-such-program-x"])).about.program).toBe("no-such-program-x (not found on PATH)");
  });
});
