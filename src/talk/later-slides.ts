/**
 * The deck page (/talk/) holds only its opening slide; the others are a script beside it,
 * talk/later-slides.js (src/pages/talk/later-slides.js.ts), which the deck's script loads once
 * the first slide is painted (client/later-slides.ts). Why: a page that carried every slide,
 * even as the unparsed text of a <noscript>, showed its first slide 1.53× as late as a bare
 * Astro page (95% CI 1.47–1.59×, npm run perf:deck -- --runs 200); with the later slides beside
 * it, 1.31× (1.23–1.38×) and 1.27× (1.22–1.35×).
 *
 * The script's URL and its contents carry a version drawn from the slides, so a browser never
 * mixes a cached script of an older build with a newer page, and the deck says so if it is
 * handed one anyway.
 */
import { sha256 } from "../../core/hash.ts";
import { buildTalk, talkFile, type BuiltTalk } from "./build.ts";
import { LATER_SLIDES_CALLBACK } from "./client/later-slides.ts";
import { slideMarkup } from "./slide-markup.ts";

/** The talk as the deck page and its later slides both need it: they sit in /talk/, one folder below the assets. */
export function deckTalk(): Promise<BuiltTalk> {
  return buildTalk({ root: process.cwd(), file: talkFile(), assetPrefix: "../" });
}

/** The script's file name, beside the deck page. */
export const LATER_SLIDES_FILE = "later-slides.js";

export interface LaterSlides {
  /** How many slides the script carries. */
  count: number;
  /** Short digest of the slides' markup. */
  version: string;
  /** The script's URL relative to the deck page, with the version as its query. */
  src: string;
  /** The script: one call of the deck's callback with the version and the slides' markup. */
  script: string;
}

export function laterSlides(talk: Pick<BuiltTalk, "slides" | "look">): LaterSlides {
  const total = talk.slides.length;
  const later = talk.slides.slice(1);
  const markup = later.map((slide) => slideMarkup(slide, total, talk.look, { withId: true })).join("\n");
  const version = sha256(markup).slice(0, 12);
  return {
    count: later.length,
    version,
    src: `${LATER_SLIDES_FILE}?v=${version}`,
    script:
      `// The boot-talk deck's slides 2 to ${total}, loaded by the deck page beside it (index.html).\n` +
      `${LATER_SLIDES_CALLBACK}(${JSON.stringify(version)}, ${JSON.stringify(markup)});\n`,
  };
}
