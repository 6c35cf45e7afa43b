import { describe, expect, it } from "vitest";
import { slideFromHash } from "./nav.ts";

describe("slideFromHash", () => {
  const ids = ["intro", "method", "results"];
  const at = (n: number, step = 0) => ({ n, step });
  it("reads #/N as the N-th slide, clamped to the deck, and #/N/S as its S-th step", () => {
    expect(slideFromHash("#/2", ids)).toEqual(at(1));
    expect(slideFromHash("#2", ids)).toEqual(at(1));
    expect(slideFromHash("#/99", ids)).toEqual(at(2));
    expect(slideFromHash("#/0", ids)).toEqual(at(0));
    expect(slideFromHash("#/2/3", ids)).toEqual(at(1, 2));
  });
  it("reads #slug, and ignores hashes that name no slide", () => {
    expect(slideFromHash("#results", ids)).toEqual(at(2));
    expect(slideFromHash("#nothing", ids)).toBeNull();
    expect(slideFromHash("", ids)).toBeNull();
  });
  it("does not throw on a hash that is not valid percent-encoding", () => {
    expect(slideFromHash("#%", ids)).toBeNull();
    expect(slideFromHash("#%E0%A4%A", ids)).toBeNull();
    expect(slideFromHash("#%", ["%"])).toEqual(at(0));
  });
});
