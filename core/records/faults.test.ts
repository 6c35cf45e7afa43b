/**
 * Bad runs folders give a clear error naming the file(s) and the fix, never an internal error:
 * a folder that looks like a record, and two records with the same id.
 */
import { copyFile, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../errors.ts";
import { projectPath } from "../paths.ts";
import { loadRuns } from "./load.ts";
import { loadRecords } from "./store.ts";

const RECORD = "2026-11-25T194159Z-boot-a8b8a4.json";

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bt-runs-faults-"));
  await copyFile(projectPath("content/runs", RECORD), join(dir, RECORD));
  return dir;
}

describe("runs folder faults", () => {
  it("names a folder called x.json and says it is not a record", async () => {
    const dir = await scratch();
    await mkdir(join(dir, "x.json"));
    const error = await loadRuns(dir, { cache: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/x\.json: is a folder, not a record file/);
  });

  it("names both files when two records share an id", async () => {
    const dir = await scratch();
    await copyFile(join(dir, RECORD), join(dir, "copy.json"));
    for (const load of [() => loadRuns(dir, { cache: null }), () => loadRecords(dir)]) {
      const error = await load().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(
        new RegExp(`${RECORD}.*also the id of .*copy\\.json|copy\\.json.*also the id of .*${RECORD}`),
      );
    }
  });
});
