/**
 * The accelerator choice against the real QEMU: the probe's QMP dialog, auto falling back to
 * TCG with QEMU's own reason where KVM cannot be used (this project's hosts: /dev/kvm exists
 * and QEMU aborts with "failed to set MSR 0x10a"), --accel kvm failing clearly before any boot,
 * and a QEMU abort classified as qemu-abort with its reason. Skipped with a printed reason only
 * where QEMU is missing, never in CI.
 */
import { describe, expect, it } from "vitest";
import { applianceSkipReason } from "../../tests/support/system.ts";
import { runCaptured } from "../capture/run-captured.ts";
import { commonAccelerator } from "../bench/prepare.ts";
import { prepareBoot } from "./boot-spec.ts";
import { detectAccelerator, DEFAULT_QEMU, probeKvm, probeQemu } from "./host-qemu.ts";

const skip = await applianceSkipReason();

describe("the record-level accelerator", () => {
  it("is the variants' common one, or mixed", () => {
    expect(commonAccelerator(["tcg", "tcg"])).toBe("tcg");
    expect(commonAccelerator(["kvm", "tcg"])).toBe("mixed");
    expect(commonAccelerator([null])).toBeNull();
  });
});

describe.skipIf(skip)("choosing the accelerator with QEMU", () => {
  it("the probe holds a real QMP dialog with QEMU (under TCG it answers: KVM disabled)", async () => {
    const probe = await probeQemu(DEFAULT_QEMU, "tcg");
    expect(probe).toMatchObject({ answered: true, kvmEnabled: false });
  });

  it("auto picks KVM only when QEMU itself starts with it, else TCG with the probe's reason", async () => {
    const probe = await probeKvm(DEFAULT_QEMU);
    const choice = await detectAccelerator(DEFAULT_QEMU);
    const kvmDevice = await import("node:fs/promises").then((fs) =>
      fs.access("/dev/kvm").then(
        () => true,
        () => false,
      ),
    );
    if (probe.ok) {
      expect(choice.accelerator).toBe("kvm");
    } else {
      expect(choice.accelerator).toBe("tcg");
      if (kvmDevice) {
        expect(choice.probed).toBe(true);
        expect(choice.reason).toContain(probe.reason);
      }
    }
    // Cached per process: the same answer without starting QEMU again.
    expect(await detectAccelerator(DEFAULT_QEMU)).toBe(choice);
    const boot = await prepareBoot({ accelerator: "auto" });
    expect(boot.accelerator).toBe(choice.accelerator);
    expect(boot.acceleratorReason).toBe(choice.reason);
  });

  it("--accel kvm fails before any boot, with QEMU's reason, where KVM cannot be used", async () => {
    const probe = await probeKvm(DEFAULT_QEMU);
    if (probe.ok) {
      console.warn("KVM works on this host: the refusal of --accel kvm cannot be exercised here");
      expect((await prepareBoot({ accelerator: "kvm" })).accelerator).toBe("kvm");
      return;
    }
    await expect(prepareBoot({ accelerator: "kvm" })).rejects.toThrow(/KVM was requested .* but is not usable: /);
  });

  it("a QEMU that aborts is a qemu-abort with QEMU's message, not a spawn error", async () => {
    const probe = await probeKvm(DEFAULT_QEMU);
    if (probe.ok || !/SIGABRT/.test(probe.reason)) {
      console.warn(
        `QEMU does not abort with KVM here (${probe.reason}); the abort is exercised in run-captured.test.ts`,
      );
      return;
    }
    const argv = [
      DEFAULT_QEMU,
      "-machine",
      "pc,accel=kvm",
      "-cpu",
      "host",
      "-m",
      "16",
      "-display",
      "none",
      "-nodefaults",
    ];
    const result = await runCaptured(argv, { timeoutMs: 30_000 });
    expect(result.failure).toBe("qemu-abort");
    expect(result.reason).toMatch(/qemu-system-x86_64: /);
  });
});
