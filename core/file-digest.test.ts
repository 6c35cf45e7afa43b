import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { fileDigest, rememberExtra, resetDigestMemos, saveDigests } from "./file-digest.ts";
import { sha256 } from "./hash.ts";

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "bt-digest-"));
  made.push(dir);
  return dir;
};
/** A file last modified an hour ago: old enough for its digest to be remembered. */
function oldFile(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  const hourAgo = new Date(Date.now() - 3600_000);
  utimesSync(file, hourAgo, hourAgo);
  return file;
}
/** What the next build sees: the memo written to disk, and read back by a fresh process. */
function nextProcess(root: string): void {
  saveDigests(root);
  resetDigestMemos();
}

beforeEach(() => resetDigestMemos());

describe("fileDigest", () => {
  it("hashes a file once, then answers from its stat in later processes without reading it", async () => {
    const root = scratch();
    const file = oldFile(root, "record.json", '{"a":1}');
    const first = await fileDigest(file, root);
    expect(first?.sha256).toBe(sha256('{"a":1}'));
    expect(first?.bytes?.toString()).toBe('{"a":1}');
    nextProcess(root);
    const again = await fileDigest(file, root);
    expect(again).toEqual({ sha256: sha256('{"a":1}'), bytes: null, extra: undefined });
  });

  it("notices a change that keeps the size and the modification time", async () => {
    const root = scratch();
    const file = oldFile(root, "record.json", '{"a":1}');
    await fileDigest(file, root);
    nextProcess(root);
    const mtime = new Date(Date.now() - 3600_000);
    writeFileSync(file, '{"a":2}'); // same length
    utimesSync(file, mtime, mtime); // the change time still moves
    const changed = await fileDigest(file, root);
    expect(changed?.sha256).toBe(sha256('{"a":2}'));
    expect(changed?.bytes).not.toBeNull();
  });

  it("does not remember a file modified just now (a write in the same clock tick would go unseen)", async () => {
    const root = scratch();
    const file = join(root, "fresh.json");
    writeFileSync(file, "fresh");
    await fileDigest(file, root);
    nextProcess(root);
    expect((await fileDigest(file, root))?.bytes?.toString()).toBe("fresh");
  });

  it("keeps a value computed from the same bytes, and drops it when the file changes", async () => {
    const root = scratch();
    const file = oldFile(root, "record.json", '{"schema":"x"}');
    const d = await fileDigest(file, root);
    rememberExtra(file, d!.sha256, { schema: "x" }, root);
    rememberExtra(file, "not-its-digest", { schema: "wrong" }, root); // ignored
    nextProcess(root);
    expect((await fileDigest(file, root))?.extra).toEqual({ schema: "x" });
    writeFileSync(file, '{"schema":"y"}');
    expect((await fileDigest(file, root))?.extra).toBeUndefined();
  });

  it("starts afresh from a damaged memo, and answers null for a missing file", async () => {
    const root = scratch();
    const file = oldFile(root, "a.txt", "a");
    writeFileSync(join(root, "file-digests.json"), '{"format":"file-digests@1","entries":{');
    expect((await fileDigest(file, root))?.sha256).toBe(sha256("a"));
    expect(await fileDigest(join(root, "missing"), root)).toBeNull();
    nextProcess(root);
    expect(JSON.parse(readFileSync(join(root, "file-digests.json"), "utf8")).format).toBe("file-digests@1");
  });

  it("forgets files that were deleted", async () => {
    const root = scratch();
    const file = oldFile(root, "gone.txt", "gone");
    await fileDigest(file, root);
    nextProcess(root);
    rmSync(file);
    await fileDigest(oldFile(root, "other.txt", "other"), root); // something to save
    nextProcess(root);
    const entries = JSON.parse(readFileSync(join(root, "file-digests.json"), "utf8")).entries;
    expect(Object.keys(entries)).toEqual([join(root, "other.txt")]);
  });
});
