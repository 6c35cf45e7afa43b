/** The project's own identity for records: package version and git commit. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { execa } from "execa";
import { projectRoot } from "../../core/paths.ts";

const ROOT = projectRoot();

/** Tool name, version, commit and whether the tree was dirty (null commit outside git). */
export async function readToolInfo(): Promise<{
  name: "boot-talk";
  version: string;
  commit: string | null;
  dirty: boolean;
}> {
  const pkg = JSON.parse(await readFile(resolve(ROOT, "package.json"), "utf8")) as { version: string };
  const git = async (args: string[]) =>
    (await execa("git", args, { cwd: ROOT, reject: false })).stdout?.toString().trim() ?? "";
  const commit = (await git(["rev-parse", "HEAD"])) || null;
  const dirty = commit ? (await git(["status", "--porcelain", "--untracked-files=no"])) !== "" : false;
  return { name: "boot-talk", version: pkg.version, commit, dirty };
}
