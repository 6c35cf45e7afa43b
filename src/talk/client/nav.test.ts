import { describe, expect, it } from "vitest";
import { slideFromHash } from "./nav.ts";

describe("slideFromHash", () => {
  const ids = ["intro", "method", "results"];
  it("reads #/N as the N-th slide, clamped to the deck", () => {
    expect(slideFromHash("#/2", ids)).toBe(1);
    expect(slideFromHash("#2", ids)).toBe(1);
    expect(slideFromHash("#/99", ids)).toBe(2);
    expect(slideFromHash("#/0", ids)).toBe(0);
  });
  it("reads #slug, and ignores hashes that name no slide", () => {
    expect(slideFromHash("#results", ids)).toBe(2);
    expect(slideFromHash("#nothing", ids)).toBeNull();
    expect(slideFromHash("", ids)).toBeNull();
  });
});
