import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { BuiltSlide, BuiltTalk } from "./build.ts";
import { LATER_SLIDES_CALLBACK } from "./client/later-slides.ts";
import { LATER_SLIDES_FILE, laterSlides } from "./later-slides.ts";

const look = { slideClass: "theme-x", chrome: "" } as BuiltTalk["look"];
const slide = (number: number, html: string) =>
  ({
    number,
    slug: `s${number}`,
    title: `Slide "${number}"`,
    kind: "bullets",
    html,
    steps: 0,
    source: `content/talk/talk.txt:${number * 10}`,
    dataNotes: [],
  }) as unknown as BuiltSlide;

/** What the script hands the deck's callback when it runs. */
function run(script: string): { version: string; markup: string } {
  const calls: Array<[string, string]> = [];
  runInNewContext(script, { [LATER_SLIDES_CALLBACK]: (...args: [string, string]) => calls.push(args) });
  expect(calls).toHaveLength(1);
  const [version, markup] = calls[0]!;
  return { version, markup };
}

describe("laterSlides", () => {
  const slides = [slide(1, "<h2>One</h2>"), slide(2, "<h2>Two</h2>"), slide(3, "<h2>Three</h2><script>x</script>")];

  it("is a script that hands the deck every slide after the first, in order, with ids", () => {
    const later = laterSlides({ slides, look });
    expect(later.count).toBe(2);
    const { version, markup } = run(later.script);
    expect(version).toBe(later.version);
    expect([...markup.matchAll(/<section[^>]* id="(\w+)"/g)].map((m) => m[1])).toEqual(["s2", "s3"]);
    expect(markup).toContain('data-title="Slide &quot;2&quot;"');
    expect(markup).toContain("<h2>Three</h2><script>x</script>"); // a string in the script: nothing to escape
    expect(later.src).toBe(`${LATER_SLIDES_FILE}?v=${later.version}`);
  });

  it("changes its version, and so its URL, when a later slide changes, and only then", () => {
    const before = laterSlides({ slides, look });
    expect(laterSlides({ slides: [slide(1, "<h2>Uno</h2>"), ...slides.slice(1)], look }).version).toBe(before.version);
    const edited = laterSlides({ slides: [...slides.slice(0, 2), slide(3, "<h2>Drei</h2>")], look });
    expect(edited.version).not.toBe(before.version);
    expect(edited.src).not.toBe(before.src);
  });
});
