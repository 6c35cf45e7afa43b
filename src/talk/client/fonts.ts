/**
 * Hands the page's embedded fonts to the browser (src/talk/embedded-fonts.ts made them): a
 * FontFace built from bytes is usable at once, so the first layout already uses the web font
 * and nothing is laid out twice. Runs in <head>, before any text is laid out.
 */
export const FONT_DATA_ID = "bt-fonts";

/** One face as the page carries it (src/talk/embedded-fonts.ts writes them). */
export interface EmbeddedFace {
  family: string;
  weight: number;
  style: "normal" | "italic";
  /** The subset font, woff2, base64. */
  woff2: string;
}

/** Base64 to bytes: natively where the browser can (Chromium 140+, Firefox 133+, Safari 18.2+). */
function decode(text: string): Uint8Array<ArrayBuffer> {
  const native = Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> };
  return native.fromBase64 ? native.fromBase64(text) : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function addEmbeddedFonts(): void {
  const block = document.getElementById(FONT_DATA_ID);
  if (!block?.textContent) return;
  for (const face of JSON.parse(block.textContent) as EmbeddedFace[])
    document.fonts.add(
      new FontFace(face.family, decode(face.woff2), { weight: String(face.weight), style: face.style }),
    );
}
