import { describe, expect, it } from "vitest";
import { writeCpio } from "./cpio.ts";

/** Parses a newc archive back into (name, mode, size, rdev) rows: an independent reader. */
function readNewc(bytes: Uint8Array) {
  const text = Buffer.from(bytes).toString("latin1");
  const rows: Array<{ name: string; mode: number; size: number; rdevmajor: number; data: string }> = [];
  let at = 0;
  const align = (n: number) => (n + 3) & ~3;
  for (;;) {
    expect(text.slice(at, at + 6)).toBe("070701");
    const field = (i: number) => parseInt(text.slice(at + 6 + i * 8, at + 14 + i * 8), 16);
    const namesize = field(11);
    const size = field(6);
    const name = text.slice(at + 110, at + 110 + namesize - 1);
    const dataAt = align(at + 110 + namesize);
    rows.push({ name, mode: field(1), size, rdevmajor: field(9), data: text.slice(dataAt, dataAt + size) });
    at = align(dataAt + size);
    if (name === "TRAILER!!!") break;
  }
  expect(at).toBe(bytes.length);
  return rows;
}

describe("writeCpio", () => {
  it("writes newc headers, 4-byte alignment and a trailer", () => {
    const archive = writeCpio([
      { type: "dir", path: "/bin" },
      { type: "file", path: "bin/hello", mode: 0o755, data: Buffer.from("hi!") },
      { type: "chardev", path: "dev/console", major: 5, minor: 1 },
    ]);
    const rows = readNewc(archive);
    expect(rows.map((r) => r.name)).toEqual(["bin", "bin/hello", "dev/console", "TRAILER!!!"]);
    expect(rows[0]!.mode).toBe(0o040755);
    expect(rows[1]).toMatchObject({ mode: 0o100755, size: 3, data: "hi!" });
    expect(rows[2]).toMatchObject({ mode: 0o020600, rdevmajor: 5 });
  });

  it("is reproducible: same entries, same bytes", () => {
    const entries = [{ type: "file" as const, path: "init", data: Buffer.from("#!/bin/sh\n") }];
    expect(Buffer.from(writeCpio(entries)).equals(Buffer.from(writeCpio(entries)))).toBe(true);
  });
});
