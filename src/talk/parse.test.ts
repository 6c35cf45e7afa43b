import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { noteWords, parseTalk, TalkError, TalkErrors, visualSteps } from "./parse.ts";

const fixture = readFileSync(new URL("./fixtures/original-style.txt", import.meta.url), "utf8");

/** Runs parseTalk and returns the TalkError it throws (fails the test if it does not). */
function parseError(text: string): { message: string; hint?: string | undefined } {
  try {
    parseTalk(text, "t.txt");
  } catch (e) {
    if (e instanceof TalkError) return e;
    if (e instanceof TalkErrors) return { message: e.message };
    throw e;
  }
  throw new Error("expected a TalkError");
}

describe("the original talk.txt format, unchanged", () => {
  const talk = parseTalk(fixture, "original-style.txt");

  it("makes one slide per indented SLIDE: cue, titled by the rest of the line", () => {
    expect(talk.slides.map((s) => s.title)).toEqual([
      "Somebody else's talk",
      "Common knowledge",
      "Measure first",
      "Measure first",
    ]);
    expect(talk.slides.map((s) => s.line)).toEqual([4, 15, 21, 26]);
  });

  it("turns the prose after a cue into that slide's notes, joining wrapped lines", () => {
    const notes = talk.slides[1]!.notes;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: "para", line: 17 });
    expect(notes[0]!.kind === "para" && notes[0]!.text).toMatch(/^Everybody knows .* no method and no source\.$/);
  });

  it("keeps - - - - as a pause between the notes around it", () => {
    expect(talk.slides[0]!.notes.map((b) => b.kind)).toEqual(["para", "para", "pause", "para"]);
  });

  it("puts prose before the first cue at the start of the first slide's notes", () => {
    const first = talk.slides[0]!.notes[0]!;
    expect(first.kind === "para" && first.text).toMatch(/^Good afternoon\./);
  });

  it("shows titles for cues without visuals and gives every slide a unique slug", () => {
    expect(talk.slides.every((s) => s.visual === null)).toBe(true);
    expect(talk.slides.map((s) => s.slug)).toEqual([
      "somebody-else-s-talk",
      "common-knowledge",
      "measure-first",
      "measure-first-2",
    ]);
    expect(talk.meta).toEqual({});
  });

  it("counts the words spoken on a slide", () => {
    expect(noteWords(talk.slides[2]!)).toBe(25);
  });
});

describe("front matter and visuals", () => {
  const text = [
    "---",
    "title: How long does a VM take to boot?",
    "author: A. Speaker",
    "duration: 20",
    "---",
    "Welcome.",
    "  SLIDE: The headline",
    "  > big: 150 ms | to a login prompt",
    "Said here.",
    "  SLIDE: Samples",
    "  > chart: samples run=latest",
    "  SLIDE: A picture",
    '  > image: public/x.png "A boot sequence"',
    "  SLIDE: Steps",
    "  > bullets:",
    "  > - measure",
    "  > - fix the biggest",
    "  SLIDE: Command",
    "  > code: sh",
    "  > npm run bench -- --runs 3",
    ">   indented",
    "  SLIDE: From a file",
    "  > file: content/talk/slides/x.md",
  ].join("\n");
  const talk = parseTalk(text, "t.txt");

  it("reads front matter and opens with a title slide carrying the preamble as notes", () => {
    expect(talk.meta).toEqual({ title: "How long does a VM take to boot?", author: "A. Speaker", durationMinutes: 20 });
    expect(talk.slides[0]).toMatchObject({
      title: "How long does a VM take to boot?",
      visual: { kind: "title-card" },
      notes: [{ kind: "para", text: "Welcome." }],
    });
  });

  it("parses each kind of visual declared below a cue", () => {
    const v = talk.slides.slice(1).map((s) => s.visual);
    expect(v[0]).toEqual({ kind: "big", value: "150 ms", caption: "to a login prompt", line: 8 });
    expect(v[1]).toEqual({ kind: "chart", name: "samples", params: { run: "latest" }, line: 11 });
    expect(v[2]).toEqual({ kind: "image", path: "public/x.png", alt: "A boot sequence", line: 13 });
    expect(v[3]).toEqual({
      kind: "bullets",
      items: [
        { text: "measure", step: 0, line: 16 },
        { text: "fix the biggest", step: 0, line: 17 },
      ],
      line: 15,
    });
    expect(v[4]).toEqual({
      kind: "code",
      lang: "sh",
      text: "npm run bench -- --runs 3\n  indented",
      highlight: null,
      line: 19,
    });
    expect(v[5]).toEqual({ kind: "file", path: "content/talk/slides/x.md", line: 23 });
    expect(talk.slides[1]!.notes).toEqual([{ kind: "para", text: "Said here.", line: 9 }]);
  });
});

describe("errors name file:line and say how to fix it", () => {
  it("rejects an image without alt text", () => {
    const e = parseError("  SLIDE: x\n  > image: public/a.png\n");
    expect(e.message).toMatch(/^t\.txt:2: image public\/a\.png has no alt text/);
    expect(e.hint).toMatch(/"what the image shows"/);
  });
  it("rejects an unknown visual kind", () => {
    expect(parseError("  SLIDE: x\n  > picture: a.png\n").message).toMatch(
      /^t\.txt:2: not a visual declaration.*\n {2}hint: .*`> image:`/,
    );
  });
  it("rejects a second visual on one slide", () => {
    expect(parseError("  SLIDE: x\n  > big: 1\n  > big: 2\n").message).toMatch(/^t\.txt:3: .*one visual/);
  });
  it("rejects unknown front matter keys and bad durations", () => {
    expect(parseError("---\nspeaker: me\n---\n  SLIDE: x\n").message).toMatch(
      /^t\.txt:2: unknown front matter key "speaker"/,
    );
    expect(parseError("---\nduration: soon\n---\n  SLIDE: x\n").message).toMatch(
      /^t\.txt:2: duration must be a positive number/,
    );
  });
  it("rejects a script without cues and a cue without title", () => {
    expect(parseError("just prose\n").message).toMatch(/no slides/);
    expect(parseError("\n  SLIDE:   \n").message).toMatch(/^t\.txt:2: a SLIDE: cue without a title/);
  });
});

describe("silent authoring mistakes become errors at file:line with a hint", () => {
  it("a blank line between a cue and its `>` lines", () => {
    const e = parseError("  SLIDE: x\n\n  > bullets:\n  > - a\n");
    expect(e.message).toMatch(/^t\.txt:3: a blank line separates this `>` line from its cue \(line 1\)/);
    expect(e.hint).toMatch(/remove the blank line/);
  });
  it("a `>` line inside the notes", () => {
    expect(parseError("  SLIDE: x\nSome prose.\n> big: 3\n").message).toMatch(/^t\.txt:3: a `>` line inside the notes/);
  });
  it("a lowercase or spaced cue that would merge into the previous slide", () => {
    expect(parseError("  SLIDE: a\nText.\n  Slide: b\n").message).toMatch(/^t\.txt:3: "Slide:" is not a slide cue/);
    expect(parseError("  SLIDE: a\n  SLIDE : b\n").message).toMatch(/^t\.txt:2: "SLIDE :" is not a slide cue/);
  });
  it("an unclosed :stat{ in the notes, a big value or a bullet", () => {
    const e = parseError("  SLIDE: a\nFirst line\nthen :stat{suite=story field=median and more\n");
    expect(e.message).toMatch(/^t\.txt:3: unclosed `:stat\{suite=story/);
    expect(parseError("  SLIDE: a\n  > big: :stat{field=x | caption\n").message).toMatch(/^t\.txt:2: unclosed/);
    expect(parseError("  SLIDE: a\n  > bullets:\n  > - :stat{x\n").message).toMatch(/^t\.txt:3: unclosed/);
    // A token that spans two lines of a paragraph is fine.
    expect(() => parseTalk("  SLIDE: a\nSaves :stat{suite=story\nfield=saving} here.\n")).not.toThrow();
  });
  it("reports several mistakes at once", () => {
    const msg = parseError("  SLIDE: a\n\n  > big: 1\n  slide: b\n").message;
    expect(msg).toMatch(/t\.txt:3: .*\n[\s\S]*t\.txt:4: /);
  });
});

describe("incremental reveal and line highlighting", () => {
  it("`> + item` starts a step, `> - item` joins the step before", () => {
    const talk = parseTalk("  SLIDE: a\n  > bullets:\n  > - shown\n  > + first\n  > - with first\n  > + second\n");
    const v = talk.slides[0]!.visual;
    expect(v?.kind === "bullets" && v.items.map((i) => i.step)).toEqual([0, 1, 1, 2]);
    expect(visualSteps(v)).toBe(2);
  });
  it("`> code: LANG {…}` gives one highlight group per step", () => {
    const talk = parseTalk("  SLIDE: a\n  > code: sh {1|2-3,5|all}\n  > a\n  > b\n  > c\n  > d\n  > e\n");
    const v = talk.slides[0]!.visual;
    expect(v?.kind === "code" && v.highlight).toEqual([[1], [2, 3, 5], []]);
    expect(visualSteps(v)).toBe(2);
    expect(parseError("  SLIDE: a\n  > code: sh {1|9}\n  > a\n").message).toMatch(
      /^t\.txt:2: `\{1\|9\}`: lines 9 are outside the code block \(lines 1-1\)/,
    );
  });
});
