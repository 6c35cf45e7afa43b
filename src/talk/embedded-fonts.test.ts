import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { fontkitModule } from "../charts/fonts.ts";
import { charactersOf, embedFonts, fontDataBlock, SITE_FONTS } from "./embedded-fonts.ts";

const cacheDir = mkdtempSync(join(tmpdir(), "bt-font-subset-"));
vi.stubEnv("BOOT_TALK_CACHE_DIR", cacheDir);
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe("charactersOf", () => {
  it("reads entities as the characters they stand for, keeps printable ASCII and drops control characters", () => {
    const chars = charactersOf("<p>1&#x2009;234&nbsp;ms &ndash; &amp;é</p>\n", "→\t");
    for (const c of ["\u2009", "\u00a0", "–", "é", "→", "&", "A", "~", " "]) expect(chars).toContain(c);
    expect(chars).not.toMatch(/[\n\t]/);
    expect(new Set(chars).size).toBe(chars.length);
  });
});

describe("embedFonts", () => {
  it("cuts each face down to the characters asked for, as woff2, and caches the result", async () => {
    const faces = await embedFonts(SITE_FONTS, charactersOf("Boot in 523 ms – a VM"));
    expect(faces.map((f) => [f.family, f.weight, f.style])).toEqual([
      ["Inter", 400, "normal"],
      ["Inter", 600, "normal"],
    ]);
    const fontkit = fontkitModule();
    for (const [i, face] of faces.entries()) {
      const bytes = Buffer.from(face.woff2, "base64");
      expect(bytes.subarray(0, 4).toString("latin1")).toBe("wOF2");
      expect(bytes.length).toBeLessThan(readFileSync(SITE_FONTS[i]!.path).length * 0.6);
      const font = fontkit.create(bytes);
      expect(["B", "–", "z", "~"].every((c) => font.hasGlyphForCodePoint(c.codePointAt(0)!))).toBe(true);
      expect(font.hasGlyphForCodePoint("é".codePointAt(0)!)).toBe(false); // in Inter, not asked for
    }
    expect(readdirSync(join(cacheDir, "font-subset"))).toHaveLength(2);
    expect(await embedFonts(SITE_FONTS, charactersOf("Boot in 523 ms – a VM"))).toEqual(faces);
  });
});

describe("fontDataBlock", () => {
  it("is a JSON data block the page's script can read back", () => {
    const faces = [{ family: "Inter", weight: 400, style: "normal" as const, woff2: "d09GMgABAAA=" }];
    const block = fontDataBlock(faces);
    const [, json] = /^<script type="application\/json" id="bt-fonts">(.*)<\/script>$/.exec(block)!;
    expect(JSON.parse(json!)).toEqual(faces);
  });
});
