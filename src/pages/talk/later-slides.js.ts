/**
 * /talk/later-slides.js: the deck's slides after the first, as a script the deck page loads
 * once its opening slide is shown (src/talk/later-slides.ts).
 */
import type { APIRoute } from "astro";
import { deckTalk, laterSlides } from "../../talk/later-slides.ts";

export const GET: APIRoute = async () => {
  return new Response(laterSlides(await deckTalk()).script, {
    headers: { "Content-Type": "text/javascript; charset=utf-8" },
  });
};
