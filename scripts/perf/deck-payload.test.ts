import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { measurePayload } from "./deck-payload.ts";

describe("measurePayload", () => {
  it("counts inline and linked JS and CSS, raw and gzip, and skips JSON data blocks", () => {
    const dist = mkdtempSync(join(tmpdir(), "payload-"));
    mkdirSync(join(dist, "talk"));
    const js = "console.log('slide');".repeat(20);
    const css = "body{margin:0}".repeat(10);
    writeFileSync(join(dist, "site.css"), css);
    writeFileSync(join(dist, "talk/deck.js"), js);
    writeFileSync(
      join(dist, "talk/index.html"),
      `<html><head><style>${css}</style><link rel="stylesheet" href="/site.css"></head><body>` +
        `<script>${js}</script><script src="deck.js"></script><script type="application/json">{"a":1}</script></body></html>`,
    );
    const p = measurePayload(dist, join(dist, "talk/index.html"));
    expect(p.scripts).toBe(2);
    expect(p.stylesheets).toBe(2);
    expect(p.js).toEqual({ raw: 2 * js.length, gzip: 2 * gzipSync(js, { level: 6 }).length });
    expect(p.css.raw).toBe(2 * css.length);
    expect(p.css.gzip).toBeLessThan(p.css.raw);
  });

  it("refuses a page that loads code from another host", () => {
    const dist = mkdtempSync(join(tmpdir(), "payload-"));
    writeFileSync(join(dist, "index.html"), `<script src="https://cdn.example/x.js"></script>`);
    expect(() => measurePayload(dist, join(dist, "index.html"))).toThrow(
      /loads https:\/\/cdn\.example\/x\.js from elsewhere/,
    );
  });
});
