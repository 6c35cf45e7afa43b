/**
 * The base custom kernel ("custom", npm run kernel) boots the appliance to the ready marker
 * and powers QEMU off by itself, on pc (SeaBIOS, ACPI through PIIX4) and on microvm (ACPI
 * through the GED, no PCI). A panic also ends QEMU, so the test reads the console too.
 */
import { describe, expect, it } from "vitest";
import { customKernelSkipReason } from "../../tests/support/system.ts";
import { READY_MARKER } from "../appliance/init-script.ts";
import { runCaptured } from "../capture/run-captured.ts";
import { prepareBoot } from "../qemu/boot-spec.ts";
import type { MachineType } from "../qemu/machine.ts";

const skip = await customKernelSkipReason("custom");

describe.skipIf(skip)("the custom kernel boots the appliance", () => {
  for (const machine of ["pc", "microvm"] as MachineType[]) {
    it(`on -M ${machine}: ready marker, then "reboot: Power down" and QEMU exits`, { timeout: 120_000 }, async () => {
      const boot = await prepareBoot({ kernel: "custom", machine, nic: false });
      expect(boot.appliance.kernelBuild?.config).toBe("appliance");
      const result = await runCaptured(boot.argv, { timeoutMs: 90_000, marker: READY_MARKER });
      expect(result.outputTail).not.toMatch(/Kernel panic/);
      expect(result.failure, result.outputTail.slice(-2000)).toBeNull();
      expect(result.markerMs).not.toBeNull();
      expect(result.outputTail).toContain("Linux version 6.1.");
      expect(result.outputTail).toContain("reboot: Power down");
    });
  }
});
