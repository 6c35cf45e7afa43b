/**
 * /talk/later-slides.js: the deck's slides after the first, as a script the deck page loads
 * once its opening slide is shown (src/talk/later-slides.ts).
 */
import type { APIRoute } from "astro";
import { buildTalk, talkFile } from "../../talk/build.ts";
import { laterSlides } from "../../talk/later-slides.ts";

export const GET: APIRoute = async () => {
  const talk = await buildTalk({ root: process.cwd(), file: talkFile(), assetPrefix: "../" });
  return new Response(laterSlides(talk).script, {
    headers: { "Content-Type": "text/javascript; charset=utf-8" },
  });
};
