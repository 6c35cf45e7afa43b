/**
 * One shared, unpacked source tree per tarball hash, under .cache/kernel/source/<hash>/.
 * Builds never write into it (they use make O=<build dir>), so every config reuses it:
 * unpacking takes ~10 s here (1.5 GB), which `--all` and every fragment edit would pay again.
 * It is created in a temporary folder and renamed into place, so an interrupted unpack never
 * leaves a half tree; trees of other tarball hashes are removed (one tree, ~1.3 GB, at most).
 */
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { UserError } from "../../core/errors.ts";

/** The folder the Debian tarball unpacks to. */
const TOP_FOLDER = "linux-source-6.1";

/** Returns the source tree for this tarball, unpacking it first if needed. */
export async function unpackedSource(
  tarball: string,
  tarballSha256: string,
  sourceRoot: string,
  progress: (line: string) => void,
): Promise<string> {
  const key = tarballSha256.slice(0, 16);
  const tree = join(sourceRoot, key, TOP_FOLDER);
  if (await stat(join(tree, "Makefile")).catch(() => null)) return tree;

  await mkdir(sourceRoot, { recursive: true });
  await removeOtherTrees(sourceRoot, key);
  const temporary = join(sourceRoot, `${key}.tmp-${process.pid}`);
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary);
  progress(`unpacking ${tarball} into ${join(sourceRoot, key)} (once per source version) ...`);
  const result = await execa("tar", ["--extract", "--file", tarball, "--directory", temporary, "--no-same-owner"], {
    reject: false,
    all: true,
  });
  if (result.failed) {
    await rm(temporary, { recursive: true, force: true });
    throw new UserError(
      `unpacking ${tarball} failed: ${(result.all ?? "").split("\n").slice(-3).join(" ")}\n` +
        `  fix: check free disk space (the tree needs ~1.3 GB) and that tar and xz-utils are installed.`,
    );
  }
  try {
    await rename(temporary, join(sourceRoot, key));
  } catch (error) {
    // Another process unpacked the same tarball meanwhile: keep theirs.
    await rm(temporary, { recursive: true, force: true });
    if (!(await stat(join(tree, "Makefile")).catch(() => null))) throw error;
  }
  return tree;
}

async function removeOtherTrees(sourceRoot: string, keep: string): Promise<void> {
  for (const name of await readdir(sourceRoot)) {
    // Leave other processes' unpacks in progress (and our own key) alone.
    if (name === keep || name.includes(".tmp-")) continue;
    await rm(join(sourceRoot, name), { recursive: true, force: true });
  }
}
