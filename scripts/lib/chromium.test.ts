/**
 * Fault injection for the local static server (PDFs, browser tests): requests that try to leave
 * its folder (encoded slashes, dot segments, symlinks), malformed escapes and NUL bytes get a
 * clear status, never a file from elsewhere and never a crashed handler.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileForRequest, serveStatic } from "./chromium.ts";

/** A raw GET (fetch would normalise the path before sending it). */
function get(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolvePromise, reject) => {
    const req = request({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolvePromise({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("serveStatic", () => {
  const base = mkdtempSync(join(tmpdir(), "bt-serve-"));
  const site = join(base, "dist");
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let sub: Awaited<ReturnType<typeof serveStatic>>;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    mkdirSync(join(site, "talk"), { recursive: true });
    writeFileSync(join(site, "index.html"), "home");
    writeFileSync(join(site, "talk/index.html"), "talk");
    writeFileSync(join(site, "a b.css"), "spaced");
    // Neighbours that share the folder's name as a prefix, and a symlink pointing out.
    mkdirSync(join(base, "dist-private"));
    writeFileSync(join(base, "dist-private/key.txt"), "SECRET");
    writeFileSync(join(base, "secret.txt"), "SECRET");
    symlinkSync(join(base, "secret.txt"), join(site, "link.txt"));
    symlinkSync(join(base, "dist-private"), join(site, "private"));
    process.on("unhandledRejection", onRejection);
    server = await serveStatic(site);
    sub = await serveStatic(site, "/some/sub/");
  });
  afterAll(async () => {
    process.off("unhandledRejection", onRejection);
    await server.close();
    await sub.close();
  });

  it("serves files and directory indexes inside its folder", async () => {
    expect(await get(server.url, "/")).toEqual({ status: 200, body: "home" });
    expect(await get(server.url, "/talk/")).toEqual({ status: 200, body: "talk" });
    expect(await get(server.url, "/a%20b.css")).toEqual({ status: 200, body: "spaced" });
    expect(await get(sub.url, "/some/sub/talk/")).toEqual({ status: 200, body: "talk" });
    expect((await get(sub.url, "/talk/")).status).toBe(404);
  });

  it("never serves a file outside its folder", async () => {
    for (const path of [
      "/..%2Fdist-private%2Fkey.txt",
      "/%2e%2e/dist-private/key.txt",
      "/../dist-private/key.txt",
      "/talk/..%2F..%2Fsecret.txt",
      "/%2E%2E%5Csecret.txt",
      "/link.txt",
      "/private/key.txt",
    ]) {
      const response = await get(server.url, path);
      expect(response.body, path).not.toContain("SECRET");
      expect([403, 404], path).toContain(response.status);
    }
    const viaSub = await get(sub.url, "/some/sub/..%2F..%2Fdist-private%2Fkey.txt");
    expect(viaSub.body).not.toContain("SECRET");
  });

  it("answers a malformed escape or a NUL byte with 400 and keeps serving", async () => {
    expect(await get(server.url, "/%E0%A4%A")).toEqual({ status: 400, body: "bad request" });
    expect(await get(server.url, "/%")).toEqual({ status: 400, body: "bad request" });
    expect((await get(server.url, "/index.html%00.png")).status).toBe(400);
    expect(await get(server.url, "/")).toEqual({ status: 200, body: "home" });
    expect(rejections).toEqual([]);
  });

  it("resolves request paths to files inside the folder only", async () => {
    expect(await fileForRequest(site, "talk/")).toMatch(/dist\/talk\/index\.html$/);
    expect(await fileForRequest(site, "..%2Fsecret.txt")).toBe("outside");
    expect(await fileForRequest(site, "link.txt")).toBe("outside");
    expect(await fileForRequest(site, "nope.html")).toBeNull();
    expect(await fileForRequest(site, "%zz")).toBe("bad");
  });
});
