import { describe, expect, it } from "vitest";
import { DEFAULT_RUN_CHOICE } from "../records/choice.ts";
import type { RunRecord } from "../records/schema.ts";
import type { ClaimContext } from "./context.ts";
import { chooseBranch, evaluateDirective, type AssertionFailure } from "./evaluate.ts";
import { analysisFixture, rounds, suiteRecord } from "./fixtures.ts";
import { renderClaims } from "./render.ts";

const quiet = rounds(2600);
const alternating = [30, -30, 20, -20, 10, -10, 25, -25, 15, -15, 5, -5];
/** baseline → quiet saves ~400 ms, nic makes no difference, args saves ~600 ms (12 paired rounds each). */
const story = suiteRecord({
  baseline: rounds(3000),
  quiet,
  nic: quiet.map((q, i) => q + alternating[i]!),
  args: quiet.map((q, i) => q + alternating[i]! - 600 + (i % 3) * 7),
});
const GATE = { ...DEFAULT_RUN_CHOICE, minimumTimedBoots: 1, minimumAnalysisPasses: 1 };
const context = (
  records: RunRecord[] = [story, analysisFixture()],
  assertions: "fail" | "warn" = "fail",
): ClaimContext => ({
  records,
  choice: GATE,
  assertions,
});
const say = (text: string, ctx = context()) => renderClaims(text, ctx);

describe(":verdict says the computed verdict with its interval", () => {
  it("saves, no measurable difference, past tense and the short form", () => {
    expect(say(":verdict{suite=story variant=quiet baseline=previous}")).toMatch(
      /^saves 40\d\u202Fms \(95% CI \d+–\d+\u202Fms\)$/,
    );
    expect(say(":verdict{suite=story variant=nic baseline=previous tense=past}")).toMatch(
      /^made no measurable difference \(median \d+(\.\d)?\u202Fms (faster|slower), 95% CI of the saving −\d+ to \d+\u202Fms\)$/,
    );
    expect(say(":verdict{suite=story variant=args baseline=previous form=short}")).toMatch(/^saves [56]\d\d\u202Fms$/);
  });

  it("follows the data: a slower variant costs, and never reads as a saving", () => {
    const slower = suiteRecord({ baseline: rounds(3000), quiet: rounds(3400) });
    expect(say(":verdict{suite=story variant=quiet}", context([slower]))).toMatch(
      /^costs 400\u202Fms \(95% CI \d+–\d+\u202Fms\)$/,
    );
  });

  it("says why a low-confidence interval is not a 95% interval", () => {
    const few = suiteRecord({ baseline: rounds(3000, 5), quiet: rounds(2500, 5) }, { cumulative: false });
    expect(say(":verdict{suite=story variant=quiet}", context([few]))).toMatch(/low confidence: only 5 paired rounds/);
  });
});

describe(":rank names what the data ranks first", () => {
  it("ranks resolved steps only, and says the author's label when nothing qualifies", () => {
    expect(say(":rank{suite=story among=steps}")).toBe("args");
    expect(say(":rank{suite=story among=steps pick=smallest}")).toBe("quiet");
    expect(say(":rank{suite=story among=steps show=both}")).toMatch(/^args, which saves [56]\d\d\u202Fms \(95% CI/);
    expect(say(":rank[no step costs time]{suite=story among=steps by=cost}")).toBe("no step costs time");
    expect(() => say(":rank{suite=story among=steps by=cost}")).toThrow(/nothing qualifies.*quiet after baseline/);
  });

  it("ranks the stages and activities of an analysis", () => {
    expect(say(":rank{analysis=latest among=stages show=both}")).toBe("kernel (2,400\u202Fms, 80.0\u202F% of the run)");
    expect(say(":rank{analysis=latest among=stages nth=2 show=name}")).toBe("userspace");
    expect(say(":stat{analysis=latest stage=firmware field=duration}")).toBe("170\u202Fms");
  });
});

describe(":when lets the data pick the sentence", () => {
  const chain =
    ":when[Quiet helped.]{suite=story variant=quiet baseline=previous verdict=costs}:when[Quiet saved time.]{suite=story variant=quiet baseline=previous verdict=saves} :otherwise[Quiet did nothing.]";
  it("takes the first branch whose condition holds, with its own claims said", () => {
    expect(say(chain)).toBe("Quiet saved time.");
    expect(
      say(
        ":when[No step is resolved.]{suite=story among=steps no=resolved}:otherwise[:rank{suite=story among=steps} is the largest resolved step.]",
      ),
    ).toBe("args is the largest resolved step.");
    expect(say(":when[x]{suite=story among=steps all=saves}:otherwise[Not every step saves.]")).toBe(
      "Not every step saves.",
    );
  });

  it("fails, with the facts, when no branch holds and there is no :otherwise", () => {
    expect(() => say(":when[x]{suite=story variant=nic baseline=previous verdict=saves}")).toThrow(
      /none of the conditions.*nic makes no measurable difference after quiet/,
    );
    expect(
      chooseBranch(
        [
          { name: "when", attributes: { accelerator: "kvm" }, label: "x" },
          { name: "otherwise", attributes: {}, label: "" },
        ],
        context(),
      ).branch,
    ).toBe(1);
  });
});

describe(":assert", () => {
  it("says nothing when it holds, and fails naming the run and its numbers when it does not", () => {
    expect(say("A. :assert{suite=story variant=args baseline=previous verdict=saves} B.")).toBe("A. B.");
    expect(say(":assert{analysis=latest activity=kernel field=percent gt=75}")).toBe("");
    let error: unknown;
    try {
      say(":assert[the NIC matters]{suite=story variant=nic baseline=previous verdict=saves}");
    } catch (e) {
      error = e;
    }
    // renderClaims places the error (its offset, for file:line); it stays an AssertionFailure by name.
    expect((error as Error).name).toBe("AssertionFailure");
    expect((error as Error).message).toMatch(
      /assertion failed \("the NIC matters"\): run 2026-11-25T120000Z-story-aaaaaa: nic makes no measurable difference after quiet \(median of 12 paired rounds/,
    );
    expect((error as AssertionFailure).hint).toMatch(/BOOT_TALK_CLAIMS=warn/);
  });

  it("compares a saving with an analysis stage", () => {
    const saving =
      ':assert{suite=story variant=quiet baseline=previous field=saving-ms le="analysis=latest stage=firmware field=duration"}';
    expect(() => say(saving)).toThrow(
      /saving-ms of quiet \(baseline previous\) is 40\d\u202Fms \(run .*\), not ≤ duration of stage firmware 170\u202Fms/,
    );
  });

  it("in a draft, reports a failed assertion instead of stopping", () => {
    const outcome = evaluateDirective(
      {
        name: "assert",
        attributes: { suite: "story", variant: "nic", baseline: "previous", verdict: "saves" },
        label: null,
      },
      context(undefined, "warn"),
    );
    expect(outcome).toMatchObject({ held: false, text: "" });
    expect(outcome.message).toMatch(/nic makes no measurable difference/);
  });
});

describe(":conditions and :given", () => {
  it("says the accelerator of the runs, and the mix when they differ", () => {
    expect(say(":conditions{what=accelerator}. Then")).toBe(
      "Both runs used TCG, QEMU's software emulator (no KVM). Then",
    );
    const kvm = suiteRecord(
      { baseline: rounds(1000) },
      { id: "2026-11-26T120000Z-machines-cccccc", suite: "machines", accelerator: "kvm" },
    );
    expect(say("so :conditions{what=accelerator}", context([story, analysisFixture(), kvm]))).toMatch(
      /^so the runs mixed accelerators: TCG, QEMU's software emulator \(no KVM\) \(runs .*aaaaaa, .*bbbbbb\) and KVM \(run .*cccccc\)$/,
    );
    expect(say(":when[no KVM here]{accelerator=tcg}:otherwise[some KVM]", context([story, kvm]))).toBe("some KVM");
  });

  it(":given says its label but must say why", () => {
    expect(say('above :given[10%]{why="the bench warns above it"}')).toBe("above 10%");
    expect(() => say(":given[10%]{}")).toThrow(/does not say why/);
  });

  it("an unknown directive or a misspelt attribute fails with the known ones", () => {
    expect(() => say(":verdit{suite=story}")).toThrow(/unknown directive :verdit/);
    expect(() => say(":verdict{suite=story variant=quiet form=long}")).toThrow(/form=long is not one of full, short/);
  });
});
