import { mkdtempSync, readdirSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { renderSpecFile } from "./chart.ts";

const ROOT = resolve(import.meta.dirname, "..");
const SPECS = join(ROOT, "src/charts/fixtures/specs");
const GOOD = readdirSync(SPECS)
  .filter((f) => f.endsWith(".vl.json") && !/^(invalid|missing)/.test(f))
  .sort();

/**
 * Runs the chart command as `npm run chart` does: scripts/chart.ts under Node 24. When the test
 * runner itself is Node ≥ 24 we start it directly (npm adds about a second per call).
 */
function chart(args: string[]) {
  if (Number(process.versions.node.split(".")[0]) >= 24)
    return execa(process.execPath, ["scripts/chart.ts", ...args], { cwd: ROOT, reject: false });
  return execa("npm", ["run", "-s", "chart", "--", ...args], { cwd: ROOT, reject: false });
}

describe("npm run chart", () => {
  it("has several third-party-style specs to render", () => {
    expect(GOOD).toEqual(
      expect.arrayContaining([
        "bar.vl.json",
        "line-temporal.vl.json",
        "area-url.vl.json",
        "layered.vl.json",
        "faceted.vl.json",
      ]),
    );
  });

  for (const name of GOOD) {
    it(`renders ${name} with the site theme, and the same bytes twice`, async () => {
      const out = mkdtempSync(join(tmpdir(), "bt-chart-"));
      const first = await chart([join(SPECS, name), "-o", join(out, "a.svg")]);
      expect(first.stderr).toContain("wrote");
      expect(first.exitCode).toBe(0);
      // Same bytes from a second render, here in the test process (which imported chart.ts, so TZ=UTC too).
      const svg = readFileSync(join(out, "a.svg"), "utf8");
      expect((await renderSpecFile(join(SPECS, name), "paper")) + "\n").toBe(svg);
      expect(svg).toMatch(/^<svg[^>]*class="bt-chart" role="img"/);
      expect(svg).toContain('font-family="Inter, sans-serif"');
      expect(svg).toMatch(/<path[^>]*role="graphics-symbol"|<rect|<line/);
    });
  }

  it("runs as the npm script", async () => {
    const viaNpm = await execa("npm", ["run", "-s", "chart", "--", join(SPECS, "bar.vl.json"), "-o", "-"], {
      cwd: ROOT,
      reject: false,
    });
    expect(viaNpm.exitCode).toBe(0);
    expect(viaNpm.stdout).toMatch(/^<svg/);
  });

  it("writes a PNG through Chromium when asked", async () => {
    if (!existsSync(process.env.BOOT_TALK_CHROMIUM ?? "/usr/bin/chromium"))
      return console.warn("SKIPPING --png: no Chromium");
    const out = mkdtempSync(join(tmpdir(), "bt-chart-"));
    const result = await chart([join(SPECS, "bar.vl.json"), "-o", join(out, "bar.svg"), "--png", join(out, "bar.png")]);
    expect(result.exitCode).toBe(0);
    const png = readFileSync(join(out, "bar.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.readUInt32BE(16)).toBeGreaterThan(200); // width, at 2× scale
  });

  it("reports Vega-Lite's own error with the spec path", async () => {
    const bad = await chart([join(SPECS, "invalid-mark.vl.json"), "-o", "-"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain(`error: ${join(SPECS, "invalid-mark.vl.json")}: Vega-Lite error:`);
    expect(bad.stderr).toMatch(/mark: "bogus" is not a Vega-Lite mark \(use one of arc, area, bar, .*boxplot/);
    const json = await chart([join(SPECS, "invalid-json.vl.json"), "-o", "-"]);
    expect(json.exitCode).toBe(2);
    expect(json.stderr).toMatch(/invalid-json\.vl\.json: not valid JSON/);
    const data = await chart([join(SPECS, "missing-data.vl.json"), "-o", "-"]);
    expect(data.exitCode).toBe(2);
    expect(data.stderr).toMatch(/missing-data\.vl\.json: .*Loading failed data\/no-such-file\.csv/);
    const usage = await chart([]);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain("usage: npm run chart -- SPEC.vl.json");
  });
});

describe("npm run chart: where the output goes", () => {
  it("refuses a folder as -o or --png, naming it and how to fix it", async () => {
    const out = mkdtempSync(join(tmpdir(), "bt-chart-out-"));
    const folder = await chart([join(SPECS, "bar.vl.json"), "-o", out]);
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toBe(`error: -o ${out} is a folder; give a file name, e.g. -o ${join(out, "chart.svg")}`);
    const png = await chart([join(SPECS, "bar.vl.json"), "-o", join(out, "a.svg"), "--png", out]);
    expect(png.exitCode).toBe(2);
    expect(png.stderr).toContain(`error: --png ${out} is a folder`);
    expect(readdirSync(out)).toEqual([]); // nothing half-written: checked before rendering
  });

  it("says when the output folder does not exist", async () => {
    const missing = join(mkdtempSync(join(tmpdir(), "bt-chart-out-")), "no", "such");
    const result = await chart([join(SPECS, "bar.vl.json"), "-o", join(missing, "a.svg")]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      `error: -o ${join(missing, "a.svg")}: the folder ${missing} does not exist; create it (mkdir -p ${missing}) or write elsewhere`,
    );
    expect(result.stderr).not.toContain("internal error");
  });
});
