/**
 * The host toolchain a kernel build needs, checked up front so a missing flex fails in a
 * second with the package to install, not after minutes of compiling.
 */
import { access, constants } from "node:fs/promises";
import { execa } from "execa";
import { UserError } from "../../core/errors.ts";

/** Command → Debian package that provides it. */
const TOOLS: ReadonlyArray<[string, string]> = [
  ["make", "make"],
  ["gcc", "gcc"],
  ["ld", "binutils"],
  ["flex", "flex"],
  ["bison", "bison"],
  ["bc", "bc"],
  ["perl", "perl"],
  ["tar", "tar"],
  ["xz", "xz-utils"],
];
/** objtool (always built for x86-64) links against libelf. */
const HEADERS: ReadonlyArray<[string, string]> = [
  ["/usr/include/gelf.h", "libelf-dev"],
  ["/usr/include/stdio.h", "libc6-dev"],
];

/** Throws one UserError listing every missing package. */
export async function checkToolchain(): Promise<void> {
  const missing = new Set<string>();
  for (const [command, pkg] of TOOLS) {
    const ok = await execa(command, ["--version"], { reject: false }).then(
      (r) => r.exitCode === 0,
      () => false,
    );
    if (!ok) missing.add(pkg);
  }
  for (const [path, pkg] of HEADERS) {
    if (
      !(await access(path, constants.R_OK).then(
        () => true,
        () => false,
      ))
    )
      missing.add(pkg);
  }
  if (missing.size) {
    const pkgs = [...missing].join(" ");
    throw new UserError(
      `building the kernel needs packages that are missing: ${pkgs}.\n` +
        `  fix: sudo apt-get install --no-install-recommends ${pkgs}   (or sudo bash scripts/install-system-deps.sh)`,
    );
  }
}

/** The compiler and linker versions (first line of --version), part of the cache key. */
export async function compilerInfo(): Promise<{ cc: string; ld: string }> {
  const first = async (command: string) => {
    const result = await execa(command, ["--version"], { reject: false });
    if (result.exitCode !== 0)
      throw new UserError(
        `\`${command} --version\` failed; install build-essential (sudo apt-get install build-essential).`,
      );
    return result.stdout.split("\n")[0]!.trim();
  };
  return { cc: await first("gcc"), ld: await first("ld") };
}
