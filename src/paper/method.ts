/**
 * The "Method and environment" section, generated from the provenance inside the runs the paper
 * cites (host, CPU, accelerator, QEMU and kernel versions, N, dates, project commit), so the
 * section cannot disagree with the data it describes.
 */
import type { BlockContent, Code, Heading, Paragraph, PhrasingContent, Table, TableRow } from "mdast";
import { describeMix, type Mix } from "../../core/records/comparability.ts";
import type { RunRecord } from "../../core/records/schema.ts";
import { isBenchmark, type QualityNote } from "../../core/records/select.ts";
import { formatBytes, formatCount, formatDate } from "../../core/format/numbers.ts";

const text = (value: string): PhrasingContent => ({ type: "text", value });
const code = (value: string): PhrasingContent => ({ type: "inlineCode", value });

/** Distinct values, in first-seen order. */
function distinct(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ""))];
}

function row(label: string, value: PhrasingContent[] | string): TableRow {
  return {
    type: "tableRow",
    children: [
      { type: "tableCell", children: [text(label)] },
      { type: "tableCell", children: typeof value === "string" ? [text(value)] : value },
    ],
  };
}

function kernelRelease(record: RunRecord): string {
  // The host kernel string is `uname -srvm`-like; the guest kernel is the appliance's image.
  const appliance = isBenchmark(record) ? record.variants[0]?.appliance : record.target.appliance;
  return appliance ? appliance.kernel.path.replace(/^.*\//, "") : "";
}

function describeRun(record: RunRecord): string {
  if (isBenchmark(record)) {
    const what = record.suite ? `suite ${record.suite.name}` : "ad-hoc benchmark";
    return `${what}: ${record.variants.length} variant(s), ${record.options.warmup} warm-up and ${record.options.runs} timed boots each, ${record.options.order} order`;
  }
  return `boot analysis (${record.rules.name} rules): ${record.warmup} warm-up and ${record.passes} analysis passes`;
}

/** What the paper build found about the runs it used, for the reader. */
export interface RunNotes {
  /** Runs used although the quality gate flags them: their notes and what uses each. */
  quality: { runId: string; notes: QualityNote[]; uses: string[] }[];
  /** Hosts, accelerators, QEMU versions or kernels that differ among the runs used. */
  mixes: Mix[];
}

/** The section's heading and body for the given runs (those the paper cited, in citation order). */
export function methodSection(
  runs: readonly RunRecord[],
  headingDepth: Heading["depth"] = 2,
  notes: RunNotes = { quality: [], mixes: [] },
): BlockContent[] {
  const heading: Heading = { type: "heading", depth: headingDepth, children: [text("Method and environment")] };
  if (runs.length === 0) {
    return [heading, { type: "paragraph", children: [text("This paper quotes no recorded runs.")] }];
  }
  const dates = runs.map((r) => r.createdAt).sort();
  const first = formatDate(dates[0] as string);
  const last = formatDate(dates.at(-1) as string);
  const intro: Paragraph = {
    type: "paragraph",
    children: [
      text(
        `Every figure, table and number above was computed at build time from ${formatCount(runs.length)} recorded run${runs.length === 1 ? "" : "s"} ` +
          `made ${first === last ? `on ${first}` : `between ${first} and ${last}`} on the machine described below. ` +
          "Boot times are host wall-clock times measured from spawning QEMU to the guest's ready line (marker) and to QEMU's exit (wall), " +
          "after warm-up boots that are recorded but never summarised. Every run boots its variants in rounds (each round boots every variant once, " +
          "interleaved or shuffled), so variants are compared round by round: a saving is the median of the per-round differences, with a seeded " +
          "percentile-bootstrap 95% confidence interval that resamples rounds (Efron and Tibshirani, 1993) and an exact sign-flip test of the signed " +
          "ranks (Wilcoxon, 1945); the p-values of a suite's steps, and of its totals, are Holm-adjusted (Holm, 1979). A change saves or costs time " +
          "only when its interval excludes zero and its adjusted p is at most 0.05; with fewer than 10 rounds the interval is not a 95% interval and " +
          "the verdict is marked low-confidence. The difference of the two medians (two-sample bootstrap, permutation test) is kept as a secondary " +
          "figure. Percentiles use linear interpolation (Hyndman and Fan, 1996, definition 7).",
      ),
    ],
  };
  const accelerators = distinct(runs.map((r) => r.accelerator ?? "unknown")).map((a) =>
    a === "tcg"
      ? "TCG (software emulation: no usable KVM on this host)"
      : a === "kvm"
        ? "KVM (hardware virtualisation)"
        : a,
  );
  const commits = distinct(
    runs.map((r) =>
      r.tool.commit
        ? `${r.tool.commit.slice(0, 12)}${r.tool.dirty ? " (with uncommitted changes)" : ""}`
        : "not a git checkout",
    ),
  );
  // Each commit as code, its note as text, separated by commas.
  const commitCells = commits.flatMap((c, i) => {
    const [hash, ...note] = c.split(" ");
    const parts: PhrasingContent[] = c.startsWith("not ")
      ? [text(c)]
      : [code(hash ?? ""), ...(note.length ? [text(` ${note.join(" ")}`)] : [])];
    return i ? [text("; "), ...parts] : parts;
  });
  const table: Table = {
    type: "table",
    align: ["left", "left"],
    children: [
      row("Property", "Value"),
      row(
        "Host CPU",
        distinct(
          runs.map(
            (r) =>
              `${r.host.cpuModel}, ${r.host.cores} cores${r.host.cpuKHz ? ` at ${(r.host.cpuKHz / 1e6).toFixed(2)} GHz` : ""}`,
          ),
        ).join("; "),
      ),
      row("Host memory", distinct(runs.map((r) => formatBytes(r.host.memoryBytes))).join("; ")),
      row("Host kernel", distinct(runs.map((r) => r.host.kernel)).join("; ")),
      row("Accelerator", accelerators.join("; ")),
      row("QEMU", distinct(runs.map((r) => (r.qemu ? `${r.qemu.version} (${r.qemu.path})` : "not used"))).join("; ")),
      row("Guest kernel", distinct(runs.map(kernelRelease)).join("; ") || "not recorded"),
      row("Harness", distinct(runs.map((r) => `boot-talk ${r.tool.version} on Node.js ${r.host.node}`)).join("; ")),
      row("Project commit", commitCells),
      ...runs.map((r) =>
        row(
          `Run ${r.id}`,
          `${formatDate(r.createdAt)}; ${describeRun(r)}${r.status === "partial" ? " (partial: interrupted)" : ""}`,
        ),
      ),
    ],
  };
  const blocks: BlockContent[] = [heading, intro, table];
  // Runs used although the quality gate flags them, and runs that are not comparable: said here, visibly.
  if (notes.quality.length || notes.mixes.length) {
    blocks.push({
      type: "list",
      ordered: false,
      spread: false,
      data: { hProperties: { className: ["run-notes"], role: "note" } },
      children: [
        ...notes.quality.map(
          ({ runId, notes: why, uses }) =>
            `Run ${runId}, used by ${describeUses(uses)}, is below the quality gate: ${why.map((n) => n.message.replace(`run ${runId} `, "it ")).join("; ")}.`,
        ),
        ...notes.mixes.map(
          (mix) => `The runs are not all comparable: ${describeMix(mix)}. Compare figures across that line with care.`,
        ),
      ].map((line) => ({ type: "listItem", spread: false, children: [{ type: "paragraph", children: [text(line)] }] })),
    });
  }
  // The harness's own warnings (busy host, TCG, outliers) belong next to the numbers they qualify.
  const warnings = runs.flatMap((r) => r.warnings.map((w) => ({ id: r.id, w })));
  if (warnings.length) {
    blocks.push({
      type: "paragraph",
      children: [text("The harness recorded these warnings with the runs; they qualify the numbers above:")],
    });
    blocks.push({
      type: "list",
      ordered: false,
      spread: false,
      data: { hProperties: { className: ["run-warnings"] } },
      children: warnings.map(({ id, w }) => ({
        type: "listItem",
        spread: false,
        children: [{ type: "paragraph", children: [code(id), text(`: ${w}`)] }],
      })),
    });
  }
  const example = runs.find(isBenchmark);
  const argv = example?.variants[0]?.argv;
  if (argv && argv.length) {
    blocks.push({
      type: "paragraph",
      children: [
        text(`The QEMU command line of the first variant (${example?.variants[0]?.name ?? ""}), exactly as spawned:`),
      ],
    });
    const block: Code = { type: "code", lang: "sh", value: shellLines(argv) };
    blocks.push(block);
  }
  return blocks;
}

/** "Figures 1 and 2, Table 1 and 19 numbers in the text", from labels like "Figure 1" and ":stat …". */
export function describeUses(uses: readonly string[]): string {
  const numbered = (word: string) => {
    const numbers = uses.filter((u) => u.startsWith(`${word} `)).map((u) => u.slice(word.length + 1));
    if (numbers.length === 0) return [];
    const list = numbers.length > 1 ? `${numbers.slice(0, -1).join(", ")} and ${numbers.at(-1)}` : numbers[0];
    return [`${word}${numbers.length > 1 ? "s" : ""} ${list}`];
  };
  const quoted = uses.filter((u) => u.startsWith(":stat")).length;
  const parts = [
    ...numbered("Figure"),
    ...numbered("Table"),
    ...(quoted ? [`${quoted} number${quoted > 1 ? "s" : ""} in the text`] : []),
  ];
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "nothing");
}

/** Quotes an argument for a POSIX shell only when it needs it. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** One option per line (an option and its value together), joined with backslash-newlines. */
export function shellLines(argv: readonly string[]): string {
  const lines: string[][] = [];
  for (const arg of argv) {
    const current = lines.at(-1);
    if (
      !current ||
      arg.startsWith("-") ||
      current.length >= 2 ||
      (current.length === 1 && !current[0]!.startsWith("-"))
    )
      lines.push([arg]);
    else current.push(arg);
  }
  return lines.map((l) => l.map(shellQuote).join(" ")).join(" \\\n  ");
}
