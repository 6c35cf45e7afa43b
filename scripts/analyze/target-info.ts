/**
 * What can be learned of an --exec target, for the record's provenance: where the program is,
 * and for the programs whose versions matter to a boot (guestfish and other libguestfs tools,
 * QEMU itself) their versions and the QEMU they run. Only known programs are asked (an
 * arbitrary command's "--version" could do anything); each question has a short timeout.
 */
import { access, constants } from "node:fs/promises";
import { basename, delimiter, join } from "node:path";
import { execa } from "execa";

export interface TargetInfo {
  about: Record<string, string>;
  qemu: { path: string; version: string } | null;
}

const LIBGUESTFS_TOOLS = /^(guestfish|guestmount|libguestfs-test-tool|virt-[a-z0-9-]+)$/;

export async function learnTarget(argv: readonly string[]): Promise<TargetInfo> {
  const program = argv[0]!;
  const path = await which(program);
  const about: Record<string, string> = { program: path ?? `${program} (not found on PATH)` };
  let qemu: TargetInfo["qemu"] = null;
  if (!path) return { about, qemu };
  const name = basename(path);
  if (LIBGUESTFS_TOOLS.test(name)) {
    const version = await firstLine(path, ["--version"]);
    if (version) about[`${name} version`] = version;
    // The hypervisor libguestfs will launch (LIBGUESTFS_HV or its built-in default).
    const guestfish = name === "guestfish" ? path : await which("guestfish");
    const hv = guestfish ? await firstLine(guestfish, ["get-hv"]) : null;
    if (hv) qemu = await qemuInfo(hv);
  } else if (/^qemu-system-/.test(name)) {
    qemu = await qemuInfo(path);
  }
  if (qemu) about["qemu"] = `${qemu.path} (${qemu.version})`;
  return { about, qemu };
}

async function qemuInfo(path: string): Promise<{ path: string; version: string } | null> {
  const version = await firstLine(path, ["--version"]);
  return version ? { path, version } : null;
}

async function firstLine(file: string, args: string[]): Promise<string | null> {
  const result = await execa(file, args, { reject: false, timeout: 10_000, stdin: "ignore" });
  const line = String(result.stdout ?? "")
    .split("\n")[0]
    ?.trim();
  return result.exitCode === 0 && line ? line : null;
}

async function which(program: string): Promise<string | null> {
  const candidates = program.includes("/")
    ? [program]
    : (process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, program));
  for (const candidate of candidates) {
    const ok = await access(candidate, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (ok) return candidate;
  }
  return null;
}
