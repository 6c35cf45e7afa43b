import { describe, expect, it } from "vitest";
import { joinAppend, qemuArgv, type MachineConfig } from "./machine.ts";

const base: MachineConfig = {
  qemu: "/usr/bin/qemu-system-x86_64",
  accelerator: "tcg",
  machine: "pc",
  memoryMiB: 256,
  smp: 1,
  nic: true,
  bios: null,
  kernel: "/k",
  initrd: "/i",
  append: "console=ttyS0 panic=-1",
  extraArgs: [],
};

describe("qemuArgv", () => {
  it("passes every setting as its own argument", () => {
    const argv = qemuArgv({ ...base, memoryMiB: 512, smp: 2, append: "console=ttyS0 quiet" });
    expect(argv[0]).toBe(base.qemu);
    expect(argv).toContain("-no-reboot");
    expect(argv.slice(argv.indexOf("-m"), argv.indexOf("-m") + 2)).toEqual(["-m", "512"]);
    expect(argv.slice(argv.indexOf("-smp"), argv.indexOf("-smp") + 2)).toEqual(["-smp", "2"]);
    // The whole command line is one argument: no shell splitting anywhere.
    expect(argv[argv.indexOf("-append") + 1]).toBe("console=ttyS0 quiet");
  });
  it("turns the NIC off, sets firmware and accelerator", () => {
    const argv = qemuArgv({
      ...base,
      nic: false,
      bios: "/usr/share/qemu/qboot.rom",
      accelerator: "kvm",
      machine: "microvm",
    });
    expect(argv.join(" ")).toContain("-nic none");
    expect(argv.join(" ")).toContain("-bios /usr/share/qemu/qboot.rom");
    expect(argv.join(" ")).toContain("microvm,accel=kvm");
    expect(argv.join(" ")).toContain("-cpu host");
  });
});

describe("joinAppend", () => {
  it("joins parts and drops empty ones", () => {
    expect(joinAppend(["console=ttyS0"], "", undefined, "quiet  loglevel=3")).toBe("console=ttyS0 quiet loglevel=3");
  });
});
