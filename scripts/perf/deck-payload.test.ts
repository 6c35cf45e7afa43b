import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { measurePayload, pairedRatio, roundOrder } from "./deck-payload.ts";

describe("measurePayload", () => {
  it("counts inline and linked JS and CSS, raw and gzip, skips JSON data blocks and counts embedded fonts and later slides apart", () => {
    const dist = mkdtempSync(join(tmpdir(), "payload-"));
    mkdirSync(join(dist, "talk"));
    const js = "console.log('slide');".repeat(20);
    const css = "body{margin:0}".repeat(10);
    const fonts = JSON.stringify([{ family: "Inter", woff2: "d09GMg".repeat(50) }]);
    writeFileSync(join(dist, "site.css"), css);
    writeFileSync(join(dist, "talk/deck.js"), js);
    const later = `bootTalkLaterSlides("v1", "${"<section></section>".repeat(30)}");`;
    writeFileSync(join(dist, "talk/later-slides.js"), later);
    writeFileSync(
      join(dist, "talk/index.html"),
      `<html><head><style>${css}</style><link rel="stylesheet" href="/site.css"></head><body>` +
        `<noscript id="deck-later" data-src="later-slides.js?v=v1" data-version="v1"><p>…</p></noscript>` +
        `<script>${js}</script><script src="deck.js"></script><script type="application/json">{"a":1}</script>` +
        `<script type="application/json" id="bt-fonts">${fonts}</script></body></html>`,
    );
    const p = measurePayload(dist, join(dist, "talk/index.html"));
    expect(p.scripts).toBe(2);
    expect(p.stylesheets).toBe(2);
    expect(p.js).toEqual({ raw: 2 * js.length, gzip: 2 * gzipSync(js, { level: 6 }).length });
    expect(p.css.raw).toBe(2 * css.length);
    expect(p.css.gzip).toBeLessThan(p.css.raw);
    expect(p.fonts).toEqual({ raw: fonts.length, gzip: gzipSync(fonts, { level: 6 }).length });
    expect(p.later).toEqual({ raw: later.length, gzip: gzipSync(later, { level: 6 }).length });
  });

  it("refuses a page that loads code from another host", () => {
    const dist = mkdtempSync(join(tmpdir(), "payload-"));
    writeFileSync(join(dist, "index.html"), `<script src="https://cdn.example/x.js"></script>`);
    expect(() => measurePayload(dist, join(dist, "index.html"))).toThrow(
      /loads https:\/\/cdn\.example\/x\.js from elsewhere/,
    );
  });
});

describe("pairedRatio", () => {
  it("judges a budget by the whole interval of the per-round ratios", () => {
    const bare = [70, 80, 75, 90, 72, 85, 78, 74, 88, 81];
    expect(
      pairedRatio(
        bare.map((x) => x * 1.2),
        bare,
        1.5,
      ),
    ).toMatchObject({ verdict: "within" });
    expect(
      pairedRatio(
        bare.map((x) => x * 1.2),
        bare,
        1.5,
      ).median,
    ).toBeCloseTo(1.2);
    expect(
      pairedRatio(
        bare.map((x) => x * 1.9),
        bare,
        1.5,
      ).verdict,
    ).toBe("over");
    const mixed = bare.map((x, i) => x * (i % 2 ? 1.3 : 1.7)); // half the rounds on each side
    expect(pairedRatio(mixed, bare, 1.5).verdict).toBe("cannot tell");
  });

  it("needs two series of one length", () => {
    expect(() => pairedRatio([1, 2], [1], 1.5)).toThrow(/one length/);
  });
});

describe("roundOrder", () => {
  it("lets each of two pages go first in every other round", () => {
    expect([0, 1, 2, 3].map((round) => roundOrder(2, round))).toEqual([
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
  });

  it("rotates more pages so each takes every place equally often", () => {
    const firsts = [0, 1, 2, 3, 4, 5].map((round) => roundOrder(3, round)[0]);
    expect(firsts).toEqual([0, 1, 2, 0, 1, 2]);
    for (let round = 0; round < 3; round++) expect([...roundOrder(3, round)].sort()).toEqual([0, 1, 2]);
  });
});
