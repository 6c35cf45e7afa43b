import { describe, expect, it } from "vitest";
import type { BuiltSlide } from "./build.ts";
import { checkLaterSlides } from "./later-slides.ts";

const slide = (html: string) => ({ html, source: "content/talk/talk.txt:12 (diagram.svg)" }) as BuiltSlide;

describe("checkLaterSlides", () => {
  it("refuses a slide whose markup would end the <noscript> that carries it, naming where it is written", () => {
    expect(() => checkLaterSlides([slide("<p>ok</p>"), slide("<svg><text></NoScript ></text></svg>")])).toThrow(
      /^content\/talk\/talk\.txt:12 \(diagram\.svg\): the slide's markup contains "<\/noscript"[\s\S]*hint:/,
    );
  });

  it("lets the same words through as text", () => {
    expect(() => checkLaterSlides([slide("<code>&lt;/noscript&gt;</code>")])).not.toThrow();
  });
});
