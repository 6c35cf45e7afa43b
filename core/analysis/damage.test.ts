import { describe, expect, it } from "vitest";
import { describeDamage, findDamage } from "./damage.ts";
import { makeLines } from "./fixtures/make-lines.ts";

const reasons = (texts: string[]) => findDamage(makeLines(texts.map((t, i) => [i, t]))).map((d) => d.reason);

describe("findDamage", () => {
  it("accepts intact kernel lines, initcall pairs, escapes and ordinary text", () => {
    expect(
      reasons([
        "SeaBIOS (version 1.16.2-debian-1.16.2-1)",
        "[0mSeaBIOS (version 1.16.2)",
        "Probing EDD (edd=off to disable)... o",
        "[    0.000000] Linux version 6.1.0",
        "[    0.004000] APIC: Switch to symmetric I/O mode setup",
        "[    0.000636] clocksource: tsc-early: mask: 0xffffffffffffffff",
        "[    0.175012] calling  con_init+0x0/0x22c @ 0",
        "[    0.177558] initcall con_init+0x0/0x22c returned 0 after 2 usecs",
        "[    2.000000] calling  virtio_net_driver_init+0x0/0x1000 [virtio_net] @ 91",
        "[    2.100000] initcall virtio_net_driver_init+0x0/0x1000 [virtio_net] returned 0 after 7 usecs",
        "[    0.300000] pci 0000:00:01.3: calling  acpi_pm_check_blacklist+0x0/0x30 @ 1",
        "[    1.000000] ",
        "boot-talk: ready",
      ]),
    ).toEqual([]);
  });

  it("finds the damage QEMU's dropped bytes leave (seen in real captures)", () => {
    expect(
      reasons([
        "[    0.0000] BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved",
        "[   18287] initcall proc_execdomains_init+0x0/0x26 returned 0 after 3700424 usecs",
        "[    7.377666] calling  serial8250_init+0x0/183 @ 1",
        "[    7.427542] initcall serial8250_init+0x0/0x183 rurned 0 after 12436 usecs",
        "[    1.317755] initcall ftrace_mod_cmd_init+0x0/0xc returned 0 after 0secs",
        "[    1.490341]urned 0 after 843 usecs",
        "[    1.0] foo 1.234567] bar",
      ]),
    ).toEqual([
      "a printk timestamp with bytes missing",
      "a printk timestamp with bytes missing",
      "an initcall_debug 'calling' line cut short",
      "an initcall_debug 'returned' line cut short",
      "an initcall_debug 'returned' line cut short",
      "a printk line with bytes missing after its timestamp",
      "a printk timestamp with bytes missing",
    ]);
  });

  it("describes the first few damaged lines with their times", () => {
    const damage = findDamage(makeLines([[12.5, "[    0.0000] ACPI: APIC"]]));
    expect(describeDamage(damage)).toBe('a printk timestamp with bytes missing at 12.5 ms: "[    0.0000] ACPI: APIC"');
  });
});
