import { describe, expect, it } from "vitest";
import { directivesIn, DirectiveSyntaxError, parseAttributes, tokenize, type DirectiveSegment } from "./tokens.ts";

const directives = (text: string) => [...directivesIn(tokenize(text))];

describe("the directive tokenizer", () => {
  it("reads labels with nested directives and attributes with quoted values", () => {
    const text = 'A :when[saved :stat{suite=story field="saving"}]{verdict=saves}:otherwise[no]. B';
    const segments = tokenize(text);
    expect(segments.map((s) => s.kind)).toEqual(["text", "directive", "directive", "text"]);
    const when = segments[1] as DirectiveSegment;
    expect(when).toMatchObject({
      name: "when",
      colons: 1,
      attributes: { verdict: "saves" },
      labelSource: 'saved :stat{suite=story field="saving"}',
    });
    expect(text.slice(when.start, when.end)).toBe(when.source);
    expect(directives(text).map((d) => d.name)).toEqual(["when", "stat", "otherwise"]);
    expect(directives(text)[1]!.attributes).toEqual({ suite: "story", field: "saving" });
  });

  it("keeps balanced brackets inside a label and reads leaf and container colons", () => {
    const [d] = directives(":rank[none [of them] is resolved]{among=steps}");
    expect(d!.labelSource).toBe("none [of them] is resolved");
    expect(directives("::assert{verdict=saves}")[0]).toMatchObject({ name: "assert", colons: 2 });
    expect(directives(":::when{accelerator=tcg}")[0]).toMatchObject({ colons: 3 });
  });

  it("reads a directive right after a word, as remark-directive does", () => {
    expect(directives("before them:assert{verdict=saves}, after")[0]).toMatchObject({ name: "assert" });
  });

  it("leaves times, ratios, bare words and escaped colons as text", () => {
    for (const text of ["at 10:30{x}", "note:this", "a bare :word here", "written \\:stat{field=median}", "ratio 3:1"])
      expect(tokenize(text).every((s) => s.kind === "text")).toBe(true);
  });

  it("says where an unclosed label or attribute list starts", () => {
    expect(() => tokenize("so :when[never closed{x=1}")).toThrow(DirectiveSyntaxError);
    try {
      tokenize("ok :stat{field=median");
    } catch (error) {
      expect((error as DirectiveSyntaxError).offset).toBe(8);
      expect((error as DirectiveSyntaxError).hint).toMatch(/close them with \}/);
    }
  });

  it("parses #id, .class, bare keys and single quotes like remark-directive", () => {
    expect(parseAttributes("#fig:x .wide flag a='b c' d=e")).toEqual({
      id: "fig:x",
      class: "wide",
      flag: "",
      a: "b c",
      d: "e",
    });
    expect(() => parseAttributes('a="unclosed')).toThrow(/cannot read the attributes/);
  });
});
