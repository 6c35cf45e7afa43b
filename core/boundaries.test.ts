/**
 * The layering rule of the project: core/ imports nothing from scripts/ or src/, and the site
 * (src/) imports nothing from scripts/. Checked on the import statements of every source file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "./paths.ts";

const ROOT = projectRoot();
const SOURCE = /\.(ts|mts|mjs|js|astro)$/;
const IMPORT = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "fixtures" ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Project-relative top folders that files under `from` import. */
function importedFolders(from: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of sourceFiles(join(ROOT, from))) {
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = relative(ROOT, resolve(dirname(file), match[1]!));
      const top = target.split("/")[0]!;
      out.set(top, [...(out.get(top) ?? []), `${relative(ROOT, file)} → ${target}`]);
    }
  }
  return out;
}

describe("layering", () => {
  it("core/ imports nothing from scripts/ or src/", () => {
    const folders = importedFolders("core");
    expect(folders.get("scripts") ?? []).toEqual([]);
    expect(folders.get("src") ?? []).toEqual([]);
  });
  it("src/ imports nothing from scripts/", () => {
    expect(importedFolders("src").get("scripts") ?? []).toEqual([]);
  });
});
