/**
 * The system Chromium, driven by playwright-core, and a tiny static server for the built site
 * (it serves only files inside its folder: paths are decoded once, resolved, and checked after
 * following symlinks; a plain static-server library would still need this wrapper for the
 * sub-path and for malformed escapes, which crashed the old handler).
 * Used by `npm run pdf`, the performance scripts and the browser tests. The browser is
 * Debian's /usr/bin/chromium (override with BOOT_TALK_CHROMIUM); nothing is ever downloaded.
 */
import { createServer, type Server } from "node:http";
import { readFile, realpath, stat } from "node:fs/promises";
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.BOOT_TALK_CHROMIUM ?? "/usr/bin/chromium";

/** Flags for headless Chromium as root on a machine without network. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".pdf": "application/pdf",
};

/** Whether path is root or inside it (both absolute and already resolved). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * The file a request path names under root: "bad" for a malformed escape or a NUL byte,
 * "outside" when it would leave root (through .., an encoded %2F, or a symlink), null when
 * there is no such file; directories serve their index.html.
 */
export async function fileForRequest(root: string, requestPath: string): Promise<string | "bad" | "outside" | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return "bad";
  }
  if (decoded.includes("\0")) return "bad";
  const realRoot = await realpath(root);
  let path = resolve(realRoot, "." + sep + decoded);
  if (!isInside(realRoot, path)) return "outside";
  if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, "index.html");
  const real = await realpath(path).catch(() => null);
  if (real === null) return null;
  if (!isInside(realRoot, real)) return "outside";
  return (await stat(real)).isFile() ? real : null;
}

/** Serves root on 127.0.0.1 at a free port, optionally under a sub-path (e.g. "/sub/"). */
export async function serveStatic(root: string, basePath = "/"): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const pathname = (req.url ?? "/").split(/[?#]/, 1)[0]!;
      if (!pathname.startsWith(basePath)) return res.writeHead(404).end("not found");
      const file = await fileForRequest(root, pathname.slice(basePath.length));
      if (file === "bad") return res.writeHead(400).end("bad request");
      if (file === "outside") return res.writeHead(403).end("forbidden");
      if (file === null) return res.writeHead(404).end("not found");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
