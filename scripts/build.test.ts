/**
 * Fault injection for `npm run build` (scripts/build.ts), with real processes on a small
 * temporary copy: a two-page Astro site built by the project's Astro through the project's own
 * build script. Faults: two builds at once, a build that fails, a build killed mid-way, a lock
 * left by a dead build, and PDFs that must survive a rebuild.
 */
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const NODE = join(ROOT, "node_modules/.bin/node"); // Node 24 (devDependency), which runs .ts

/** A throwaway project: the build script and what it imports, a two-page site, linked node_modules. */
function makeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "bt-build-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "boot-talk", private: true, type: "module" }));
  writeFileSync(
    join(dir, "astro.config.mjs"),
    `import { defineConfig } from "astro/config";\nexport default defineConfig({});\n`,
  );
  const page = (text: string) => `---
// Faults on request: a slow page (to overlap two builds), a failing page.
await new Promise((r) => setTimeout(r, Number(process.env.BT_PAGE_DELAY_MS ?? 0)));
if (process.env.BT_FAIL) throw new Error("injected page failure");
---
<html lang="en"><head><title>${text}</title></head><body><p>${text} {process.env.BT_STAMP ?? ""}</p></body></html>
`;
  mkdirSync(join(dir, "src/pages/sub"), { recursive: true });
  writeFileSync(join(dir, "src/pages/index.astro"), page("home"));
  writeFileSync(join(dir, "src/pages/sub/page.astro"), page("sub"));
  // The documents it renders while Astro compiles the site renderer are not in the copy: their
  // rendering fails quietly and the pages, which do not read them, render as usual.
  const files = ["scripts/build.ts", "scripts/lib/dir-lock.ts", "core/build-log.ts", "src/data/render-inputs.ts"];
  const renderer = ["scripts/site/renderer.ts", "scripts/site/render-entry.ts", "scripts/site/renderer.config.mjs"];
  const core = [
    "core/errors.ts",
    "core/paths.ts",
    "core/process.ts",
    "core/cache.ts",
    "core/hash.ts",
    "core/file-digest.ts",
  ];
  for (const file of [...files, ...renderer, ...core]) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  // Each package linked on its own, so Astro's cache (node_modules/.astro) stays in the copy.
  mkdirSync(join(dir, "node_modules"));
  for (const name of readdirSync(join(ROOT, "node_modules")))
    if (name !== ".astro") symlinkSync(join(ROOT, "node_modules", name), join(dir, "node_modules", name));
  return dir;
}

function build(dir: string, env: Record<string, string> = {}, args: string[] = []) {
  return execa(NODE, ["scripts/build.ts", ...args], { cwd: dir, reject: false, env, all: true });
}

/** Resolves once path exists (the first build has taken its lock), polling; no fixed sleeps. */
async function appears(path: string): Promise<void> {
  for (let i = 0; i < 600 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 50));
  expect(existsSync(path), `${path} never appeared`).toBe(true);
}

const pages = (dir: string) =>
  ["dist/index.html", "dist/sub/page/index.html"].map(
    (p) => existsSync(join(dir, p)) && readFileSync(join(dir, p), "utf8"),
  );

describe("npm run build under faults", () => {
  let dir: string;
  beforeAll(async () => {
    dir = makeProject();
    const first = await build(dir, { BT_STAMP: "first" });
    expect(first.exitCode, first.all).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs two builds at once one after the other: both succeed and the site is whole", async () => {
    const a = build(dir, { BT_STAMP: "a", BT_PAGE_DELAY_MS: "1500" });
    await appears(join(dir, ".build/lock"));
    const b = build(dir, { BT_STAMP: "b" });
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.exitCode, ra.all).toBe(0);
    expect(rb.exitCode, rb.all).toBe(0);
    expect(rb.all).toMatch(/waiting: npm run build \(pid \d+, since .*\) holds \.build\/lock/);
    for (const r of [ra, rb]) expect(r.all).not.toMatch(/ERR_MODULE_NOT_FOUND/);
    const [home, sub] = pages(dir);
    expect(home).toContain("home b");
    expect(sub).toContain("sub b");
    expect(readdirSync(join(dir, ".build"))).toEqual([]); // no lock, no half-built folder left
  });

  it("refuses with --no-wait while another build holds the lock", async () => {
    const a = build(dir, { BT_PAGE_DELAY_MS: "1500" });
    await appears(join(dir, ".build/lock"));
    const b = await build(dir, {}, ["--no-wait"]);
    expect(b.exitCode).toBe(1);
    expect(b.all).toMatch(
      /error: .*\.build\/lock is held by npm run build \(pid \d+, since .*\); wait for it to finish/,
    );
    expect((await a).exitCode).toBe(0);
  });

  it("keeps the previous site when a build fails, and keeps the PDFs across builds", async () => {
    writeFileSync(join(dir, "dist/talk.pdf"), "%PDF-1.7 test");
    const good = await build(dir, { BT_STAMP: "good" });
    expect(good.exitCode, good.all).toBe(0);
    expect(good.all).toContain("kept talk.pdf from the previous build");
    expect(readFileSync(join(dir, "dist/talk.pdf"), "utf8")).toBe("%PDF-1.7 test");
    const before = pages(dir);
    const bad = await build(dir, { BT_FAIL: "1" });
    expect(bad.exitCode).toBe(1);
    expect(bad.all).toContain("injected page failure");
    expect(bad.all).toContain("dist/ was left as it was");
    expect(pages(dir)).toEqual(before);
    expect(existsSync(join(dir, "dist/talk.pdf"))).toBe(true);
    expect(readdirSync(join(dir, ".build"))).toEqual([]);
  });

  it("leaves the previous site and no lock when killed mid-build", async () => {
    const before = pages(dir);
    const child = spawn(NODE, ["scripts/build.ts"], { cwd: dir, env: { ...process.env, BT_PAGE_DELAY_MS: "3000" } });
    await appears(join(dir, ".build/lock"));
    await new Promise((r) => setTimeout(r, 800)); // Astro is starting or rendering the slow page
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(143);
    expect(pages(dir)).toEqual(before);
    expect(existsSync(join(dir, ".build/lock"))).toBe(false);
  });

  it("compiles the site renderer once per change of code and reuses it otherwise", async () => {
    const reused = await build(dir, { BT_STAMP: "reused" });
    expect(reused.exitCode, reused.all).toBe(0);
    expect(reused.all).not.toContain("compiling the site renderer");
    expect(pages(dir)[0]).toContain("home reused");
    const page = join(dir, "src/pages/index.astro");
    const source = readFileSync(page, "utf8");
    writeFileSync(page, source.replaceAll("home", "front"));
    try {
      const edited = await build(dir);
      expect(edited.exitCode, edited.all).toBe(0);
      expect(edited.all).toContain("compiling the site renderer");
      expect(pages(dir)[0]).toContain("front");
    } finally {
      writeFileSync(page, source);
    }
    // The source as it was: the renderer compiled for it is still kept, and used again.
    const restored = await build(dir);
    expect(restored.exitCode, restored.all).toBe(0);
    expect(restored.all).not.toContain("compiling the site renderer");
    const renderers = join(dir, ".cache/site-renderer");
    expect(readdirSync(renderers).length, "both renderers are kept").toBe(2);
    // A renderer whose marker is damaged is not used: it is compiled again.
    for (const name of readdirSync(renderers)) writeFileSync(join(renderers, name, "renderer.json"), "{");
    const repaired = await build(dir, { BT_STAMP: "repaired" });
    expect(repaired.exitCode, repaired.all).toBe(0);
    expect(repaired.all).toContain("compiling the site renderer");
    expect(pages(dir)[0]).toContain("home repaired");
  });

  it("takes over a lock left by a build that died (SIGKILL) and cleans its folder", async () => {
    const dead = spawn(NODE, ["-e", "0"]);
    await new Promise((r) => dead.on("exit", r));
    mkdirSync(join(dir, ".build/lock"), { recursive: true });
    writeFileSync(
      join(dir, ".build/lock/owner.json"),
      JSON.stringify({ pid: dead.pid, host: hostname(), processStart: "1", purpose: "npm run build", since: "x" }),
    );
    mkdirSync(join(dir, ".build/dist-999999-abcdef"));
    const result = await build(dir, { BT_STAMP: "after-stale" });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).not.toContain("waiting");
    expect(pages(dir)[0]).toContain("home after-stale");
    expect(readdirSync(join(dir, ".build"))).toEqual([]);
  });
});
