/**
 * remark-paper: turns the paper's Markdown directives into numbered figures, tables, quoted
 * statistics, cross-references, citations, a generated method section and a reference list.
 *
 *   ::figure{chart=savings suite=story #fig:savings caption="…"}   chart from src/charts (SVG)
 *   ::figure{src=img.svg alt="…" #fig:x caption="…"}               an image figure
 *   ::terminal{of=bench run=latest #fig:bench caption="…"}         tool output as an SVG "screenshot"
 *   ::table{data=suite-summary suite=story #tbl:summary}            a table computed from runs
 *   :stat{suite=story variant=quiet metric=wall field=median}       "1,234 ms"
 *   :verdict{…} :rank[…]{…} :when[…]{…}:otherwise[…] :assert{…}      claims (core/claims), also
 *   :conditions{what=…} :given[…]{why=…}                             in captions and table cells
 *   @fig:savings / @tbl:summary                                     "Figure 1" / "Table 1" links
 *   [@key] / [@a; @b]                                               "[1]" / "[1, 2]" from the bibliography
 *   ::method / ::references                                         generated sections
 *
 * Anything that names a chart, run, variant, statistic, label or citation that does not exist
 * fails the file at that node's line (vfile `fail`) with a hint, and so does an assertion the
 * data contradicts (a warning with BOOT_TALK_CLAIMS=warn); stale chart inputs are warnings.
 * The claim linter reads every paragraph, heading, table cell and caption, and the claims
 * summary is printed once per build (core/claims/summary.ts).
 * It only touches files under content/paper/ unless told otherwise (`include`).
 */
import { resolve } from "node:path";
import type { Link, Nodes, Parent, PhrasingContent, Root, RootContent } from "mdast";
import type {} from "mdast-util-directive";
import type { Point, Position } from "unist";
import { visit, SKIP } from "unist-util-visit";
import type { VFile } from "vfile";
import { chainAt } from "../../core/claims/chains.ts";
import { assertionMode, type ClaimContext } from "../../core/claims/context.ts";
import { capitalizeAfter } from "../../core/claims/environment.ts";
import {
  chooseBranch,
  evaluateDirective,
  isClaimDirective,
  CLAIM_DIRECTIVES,
  type Outcome,
} from "../../core/claims/evaluate.ts";
import { lintBlocks, type LintBlock } from "../../core/claims/lint.ts";
import { PlacedDirectiveError, renderClaims } from "../../core/claims/render.ts";
import { sayOnce } from "../../core/build-log.ts";
import { summaryLines, type DocumentClaims } from "../../core/claims/summary.ts";
import { documentRuns } from "../../core/claims/usage.ts";
import { sha256 } from "../../core/hash.ts";
import { runsDir } from "../../core/paths.ts";
import { loadRunChoice, type RunChoice } from "../../core/records/choice.ts";
import { comparability, describeMix, type RunUse } from "../../core/records/comparability.ts";
import type { RunRecord } from "../../core/records/schema.ts";
import { qualityNotes, type QualityNote } from "../../core/records/select.ts";
import { loadRuns as loadVerifiedRuns } from "../data/runs.ts";
import {
  CitationRegistry,
  loadBibliography,
  referenceParts,
  supportsOf,
  withStop,
  type CslEntry,
} from "../paper/bibliography.ts";
import { PaperReferenceError, selectBenchmark } from "../paper/data.ts";
import { methodSection } from "../paper/method.ts";
import { resolveStat } from "../paper/stats.ts";
import { buildTable } from "../paper/tables.ts";
import { defaultTerminalSource, firstLines, type TerminalSource } from "../paper/terminals.ts";
import { staleWarnings } from "../data/stale.ts";
import {
  chartParamProblem,
  chartParams,
  renderChart as renderChartFromRegistry,
  type ChartOptions,
  type ChartRequest,
  type ChartResult,
} from "../charts/index.ts";
import { renderTerminalSvg } from "../paper/terminal-svg.ts";
import {
  element,
  formatCell,
  html,
  labelToId,
  pointAt,
  restoreBareTextDirectives,
  tableNode,
  text,
} from "../paper/nodes.ts";

/** `records` passes the paper's own snapshot, so figures, tables and prose use the same runs. */
export type ChartRenderer = (
  ref: ChartRequest,
  options: Pick<ChartOptions, "target" | "records">,
) => Promise<ChartResult>;

export interface RemarkPaperOptions {
  /** Which files to process (by vfile path). Default: files under content/paper/. */
  include?: (path: string | undefined) => boolean;
  /** Project root for default paths. Default: process.cwd(). */
  root?: string;
  /** Recorded runs. Default: the verified, derived records of runsDir() ($BOOT_TALK_RUNS_DIR or content/runs). */
  records?: () => Promise<RunRecord[]>;
  /** Pins and quality gate. Default: content/runs-chosen.json (core/records/choice.ts). */
  choice?: RunChoice;
  /** Bibliography entries. Default: <root>/content/bibliography.json. */
  bibliography?: () => Promise<CslEntry[]>;
  renderChart?: ChartRenderer;
  terminal?: TerminalSource;
  /** Why runs are stale (default: src/data/stale.ts, the charts' own check). */
  stale?: (used: RunRecord[], all: RunRecord[]) => string[];
}

/** What the plugin leaves on file.data for the page (metadata, warnings, provenance). */
export interface PaperFileData {
  figures: { label: string; number: number; kind: "figure" | "table" }[];
  citedRuns: string[];
  references: CslEntry[];
  warnings: string[];
  /** The claim linter's findings and the assertions' results (the build prints them once). */
  claims: DocumentClaims;
}

const FIGURE_DIRECTIVES = new Set(["figure", "terminal"]);
const KNOWN_DIRECTIVES = ["figure", "terminal", "table", "method", "references", ...CLAIM_DIRECTIVES];

type Directive = Extract<Nodes, { type: "containerDirective" | "leafDirective" | "textDirective" }>;
type Attributes = Record<string, string | undefined>;

function attributesOf(node: Directive): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(node.attributes ?? {})) out[k] = v ?? undefined;
  return out;
}

function isDirective(node: RootContent): node is Directive {
  return node.type === "textDirective" || node.type === "leafDirective" || node.type === "containerDirective";
}

/**
 * What the core's evaluator needs of a directive node: its label as plain text (for messages),
 * "" for an empty `[]` and null for none, told apart in the source since both have no children.
 */
function directiveInput(node: Directive, source: string) {
  const start = node.position?.start.offset;
  const colons = node.type === "textDirective" ? 1 : node.type === "leafDirective" ? 2 : 3;
  const hasLabel = start !== undefined && source[start + colons + node.name.length] === "[";
  const label = node.children.length ? toPlainText(node.children as Nodes[]) : hasLabel ? "" : null;
  return { name: node.name, attributes: attributesOf(node), label };
}

function toPlainText(nodes: readonly Nodes[]): string {
  return nodes
    .map((n) =>
      "value" in n && typeof n.value === "string" ? n.value : "children" in n ? toPlainText(n.children as Nodes[]) : "",
    )
    .join("");
}

function defaultInclude(path: string | undefined): boolean {
  return path !== undefined && /[\\/]content[\\/]paper[\\/]/.test(path);
}

export default function remarkPaper(options: RemarkPaperOptions = {}) {
  const root = options.root ?? process.cwd();
  const include = options.include ?? defaultInclude;
  const loadRuns = options.records ?? (() => loadVerifiedRuns(runsDir()));
  const loadBib = options.bibliography ?? (() => loadBibliography(resolve(root, "content/bibliography.json")));
  const renderChart: ChartRenderer = options.renderChart ?? renderChartFromRegistry;
  const terminal = options.terminal ?? defaultTerminalSource;
  const stale = options.stale ?? ((used: RunRecord[], all: RunRecord[]) => staleWarnings(used, { all }));

  return async (tree: Root, file: VFile) => {
    if (!include(file.path)) return;
    const entries = await loadBib();
    const transform = new PaperTransform(
      tree,
      file,
      await loadRuns(),
      new CitationRegistry(entries),
      renderChart,
      terminal,
      stale,
      options.choice ?? loadRunChoice(),
      supportsOf(entries),
    );
    await transform.run();
  };
}

/** One file's transformation; state (numbers, cited runs) lives here. */
class PaperTransform {
  readonly numbers = new Map<string, { number: number; kind: "figure" | "table" }>();
  /** Every figure/table directive's number, labelled or not. */
  readonly nodeNumbers = new Map<object, number>();
  readonly citedRuns: string[] = [];
  /** What each figure, table and number was drawn from (for the comparability check). */
  readonly uses: RunUse[] = [];
  /** Runs whose quality notes the log has already shown for a quoted number. */
  readonly warnedRuns = new Set<string>();
  readonly warnings: string[] = [];
  readonly tree: Root;
  readonly file: VFile;
  readonly records: RunRecord[];
  readonly citations: CitationRegistry;
  readonly renderChart: ChartRenderer;
  readonly terminal: TerminalSource;
  readonly stale: (used: RunRecord[], all: RunRecord[]) => string[];
  readonly choice: RunChoice;
  readonly supports: ReturnType<typeof supportsOf>;
  readonly claimContext: ClaimContext;
  /** Outcomes of the claims evaluated (assertions, for the summary). */
  readonly outcomes: Outcome[] = [];
  constructor(
    tree: Root,
    file: VFile,
    records: RunRecord[],
    citations: CitationRegistry,
    renderChart: ChartRenderer,
    terminal: TerminalSource,
    stale: (used: RunRecord[], all: RunRecord[]) => string[],
    choice: RunChoice,
    supports: ReturnType<typeof supportsOf>,
  ) {
    this.choice = choice;
    this.supports = supports;
    this.claimContext = {
      records,
      choice,
      assertions: assertionMode(),
      documentRuns: documentRuns([{ file: file.path, text: String(file.value), format: "paper" }], records, choice),
    };
    this.stale = stale;
    this.tree = tree;
    this.file = file;
    this.records = records;
    this.citations = citations;
    this.renderChart = renderChart;
    this.terminal = terminal;
  }

  async run(): Promise<void> {
    restoreBareTextDirectives(this.tree, KNOWN_DIRECTIVES);
    const lint = lintBlocks(this.lintBlocks(), this.supports);
    this.numberLabels();
    this.sayClaims(this.tree);
    await this.expandDirectives();
    this.linkReferences();
    this.generateMethod();
    this.generateReferences();
    const data: PaperFileData = {
      figures: [...this.numbers].map(([label, v]) => ({ label, ...v })),
      citedRuns: this.citedRuns,
      references: this.citations.cited(),
      warnings: this.warnings,
      claims: this.claimsReport(lint),
    };
    this.file.data.paper = data;
    const source = String(this.file.value);
    // A blank line first, as for the talk: the build prints the page names without ending their line.
    sayOnce(`paper\0${this.file.path}\0${runsDir()}\0${sha256(source)}`, ["", ...summaryLines(data.claims)]);
  }

  claimsReport(lint: ReturnType<typeof lintBlocks>): DocumentClaims {
    const assertions = this.outcomes.filter((o) => o.kind === "assertion");
    return {
      file: this.file.path,
      counts: lint.counts,
      findings: lint.findings,
      assertions: {
        held: assertions.filter((o) => o.held).length,
        failed: assertions.filter((o) => o.held === false).map((o) => o.message ?? "assertion failed"),
      },
    };
  }

  /**
   * The paper's prose for the claim linter, as written in the source (directives and citations
   * included): paragraphs, headings and table cells, and the captions of figures and tables.
   */
  lintBlocks(): LintBlock[] {
    const source = String(this.file.value);
    const blocks: LintBlock[] = [];
    const slice = (from?: Point, to?: Point) =>
      from?.offset !== undefined && to?.offset !== undefined ? source.slice(from.offset, to.offset) : null;
    visit(this.tree, (node, index, parent) => {
      if (node.type === "containerDirective" && node.name === "when") {
        // `:::when{…}` … `:::otherwise` around whole paragraphs: one conditional per chain, counted at its first line.
        const previous = index !== undefined ? parent?.children[index - 1] : undefined;
        const opening = source.slice(node.position?.start.offset ?? 0).split("\n")[0]!;
        if (!(previous?.type === "containerDirective" && previous.name === "when"))
          blocks.push({ file: this.file.path, text: opening, line: node.position?.start.line ?? 1 });
        return undefined;
      }
      if (node.type === "paragraph" || node.type === "heading" || node.type === "tableCell") {
        const text = slice(node.position?.start, node.position?.end);
        if (text !== null) blocks.push({ file: this.file.path, text, line: node.position!.start.line, markdown: true });
        return SKIP;
      }
      if (node.type === "leafDirective" && isClaimDirective(node.name)) {
        // `::assert{…}` on its own line: counted (and its label read) like a claim in a sentence.
        const text = slice(node.position?.start, node.position?.end);
        if (text !== null) blocks.push({ file: this.file.path, text, line: node.position!.start.line, markdown: true });
        return SKIP;
      }
      if (node.type === "leafDirective" || node.type === "containerDirective") {
        const caption = node.attributes?.caption;
        if (caption) blocks.push({ file: this.file.path, text: caption, line: node.position?.start.line ?? 1 });
        if (node.type === "leafDirective" && node.children.length) {
          const text = slice(node.children[0]!.position?.start, node.children.at(-1)!.position?.end);
          if (text !== null)
            blocks.push({ file: this.file.path, text, line: node.children[0]!.position!.start.line, markdown: true });
        }
        return node.type === "leafDirective" ? SKIP : undefined;
      }
    });
    return blocks;
  }

  /** Runs a claim's evaluation; a directive error fails the file at the node. */
  claim<T>(node: { position?: Position }, run: () => T): T {
    return this.guard(node, run);
  }

  /**
   * Pass 1b: every claim directive, in document order and at any depth (paragraphs, captions,
   * table cells): numbers, verdicts and statements become text; a :when chain becomes the
   * label the data picks, a ranking with nothing to rank and a :given their label, an
   * assertion nothing. Labels put in place are read again, so claims inside them are said too.
   */
  sayClaims(parent: Parent): void {
    const children = parent.children as RootContent[];
    const nameOf = (n: RootContent) => (isDirective(n) && isClaimDirective(n.name) ? n.name : null);
    const isBlank = (n: RootContent) => n.type === "text" && n.value.trim() === "";
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!;
      if (!isDirective(node) || !isClaimDirective(node.name)) {
        if ("children" in node && !isDirective(node)) this.sayClaims(node as Parent);
        else if (isDirective(node) && node.type === "leafDirective") this.sayClaims(node as Parent); // captions
        continue;
      }
      if (node.name === "otherwise")
        this.fail(
          ":otherwise without a :when before it",
          "put :otherwise[…] right after the :when[…]{…} it completes",
          node.position,
        );
      let replacement: RootContent[];
      let end = i + 1;
      if (node.name === "when") {
        const chain = chainAt(children, i, nameOf, isBlank);
        const members = chain.members.map((m) => children[m] as Directive);
        const outcome = this.claim(node, () =>
          chooseBranch(
            members.map((m) => directiveInput(m, String(this.file.value))),
            this.claimContext,
          ),
        );
        this.noteClaim(node, "conditional", outcome);
        replacement = members[outcome.branch!]!.children as RootContent[];
        end = chain.end;
      } else if (node.name === "stat") {
        replacement = [this.stat(node, attributesOf(node))];
      } else {
        const outcome = this.claim(node, () =>
          evaluateDirective(directiveInput(node, String(this.file.value)), this.claimContext),
        );
        this.noteClaim(node, node.name, outcome);
        if (outcome.text === null) replacement = node.children as RootContent[];
        else if (outcome.text === "") replacement = [];
        else {
          const before = children[i - 1];
          const said =
            outcome.kind === "conditions"
              ? capitalizeAfter(before?.type === "text" ? before.value : "", outcome.text)
              : outcome.text;
          replacement = [
            element("span", { className: ["claim", outcome.kind], dataRun: outcome.runIds.join(" ") }, [text(said)]),
          ];
        }
      }
      children.splice(i, end - i, ...replacement);
      i--; // read what was put in place (a label may hold further claims)
    }
  }

  /** Records a claim's outcome: runs for the method section, notes for its data, assertion results. */
  noteClaim(node: Directive, what: string, outcome: Outcome): void {
    this.outcomes.push(outcome);
    const label = `:${what}`;
    this.cite(outcome.runIds, `${label} (line ${node.position?.start.line ?? "?"})`);
    this.staleNote(node, label, this.staleFor(outcome.runIds));
    this.qualityNote(node, label, this.qualityFor(outcome.runIds), true);
    if (outcome.held === false && outcome.message) {
      this.warnings.push(outcome.message);
      this.file.message(outcome.message, { place: node.position, ruleId: "paper-assertion", source: "remark-paper" });
    }
  }

  /** Fails the file at a node (or point) with a message and a hint. */
  fail(reason: string, hint: string, place: Position | Point | undefined): never {
    this.file.fail(`${reason}\n  hint: ${hint}`, { place, ruleId: "paper", source: "remark-paper" });
  }

  /** Runs a lookup; a PaperReferenceError becomes a build failure at node. */
  guard<T>(node: { position?: Position }, lookup: () => T): T {
    try {
      return lookup();
    } catch (error) {
      if (error instanceof PaperReferenceError) this.fail(error.message, error.hint, node.position);
      throw error;
    }
  }

  /**
   * Warns (build log, and on the page for figures and tables) when the runs something was
   * computed from are older than the current benchmark definition, rules or appliance.
   */
  staleNote(node: { position?: Position }, what: string, warnings: readonly string[]): RootContent[] {
    if (warnings.length === 0) return [];
    const message = `${what} may be stale: ${warnings.join("; ")}`;
    if (!this.warnings.includes(message)) {
      this.warnings.push(message);
      this.file.message(message, { place: node.position, ruleId: "paper-stale", source: "remark-paper" });
    }
    return [
      element("span", { className: ["figure-stale"], role: "note" }, [
        text(`May be out of date: ${warnings.join("; ")}.`),
      ]),
    ];
  }

  staleFor(runIds: readonly string[]): string[] {
    const used = this.records.filter((r) => runIds.includes(r.id));
    return this.stale(used, this.records);
  }

  cite(runIds: readonly string[], what?: string): void {
    for (const id of runIds) {
      if (!this.citedRuns.includes(id)) this.citedRuns.push(id);
      if (what) this.uses.push({ what, runId: id });
    }
  }

  /** The quality-gate notes of the runs something used (core/records/select.ts). */
  qualityFor(runIds: readonly string[]): QualityNote[] {
    return this.records.filter((r) => runIds.includes(r.id)).flatMap((r) => qualityNotes(r, this.choice));
  }

  /**
   * Like staleNote, for runs the quality gate flags (partial, too few boots, busy host): the
   * build log says which run and why, and figures and tables carry the note on the page.
   */
  qualityNote(node: { position?: Position }, what: string, notes: readonly QualityNote[], once = false): RootContent[] {
    if (notes.length === 0) return [];
    const message = `${what} uses a run below the quality gate: ${notes.map((n) => n.message).join("; ")}`;
    // Quoted numbers: logged at the first one per run (the method section lists them all).
    const first = !once || !this.warnedRuns.has(notes[0]!.runId);
    for (const n of notes) this.warnedRuns.add(n.runId);
    if (first && !this.warnings.includes(message)) {
      this.warnings.push(message);
      this.file.message(message, { place: node.position, ruleId: "paper-quality", source: "remark-paper" });
    }
    return [
      element("span", { className: ["figure-quality"], role: "note" }, [
        text(` Note on the data: ${notes.map((n) => n.message).join("; ")}.`),
      ]),
    ];
  }

  /** Pass 1: number figures and tables in document order, so forward references work. */
  numberLabels(): void {
    const counters = { figure: 0, table: 0 };
    visit(this.tree, (node) => {
      if (node.type !== "leafDirective" && node.type !== "containerDirective") return;
      const kind = FIGURE_DIRECTIVES.has(node.name) ? "figure" : node.name === "table" ? "table" : null;
      if (!kind) return;
      const number = ++counters[kind];
      this.nodeNumbers.set(node, number);
      const label = node.attributes?.id;
      if (!label) return; // unlabelled: numbered but not referable
      const prefix = kind === "figure" ? "fig:" : "tbl:";
      if (!label.startsWith(prefix))
        this.fail(
          `the label #${label} of a ::${node.name} must start with "${prefix}"`,
          `write #${prefix}${label.replace(/^\w+:/, "")}`,
          node.position,
        );
      if (this.numbers.has(label))
        this.fail(`the label #${label} is used twice`, "give every figure and table its own label", node.position);
      this.numbers.set(label, { number, kind });
    });
  }

  /** Pass 2: replace every directive with its content (charts, tables and terminals are async). */
  async expandDirectives(): Promise<void> {
    const jobs: { parent: Parent; node: Directive }[] = [];
    visit(this.tree, (node, _index, parent) => {
      if (
        (node.type === "leafDirective" || node.type === "containerDirective" || node.type === "textDirective") &&
        parent
      ) {
        jobs.push({ parent, node });
        return SKIP;
      }
    });
    for (const { parent, node } of jobs) {
      const replacement = await this.expand(node);
      const index = parent.children.indexOf(node as never);
      parent.children.splice(index, 1, ...(replacement as never[]));
    }
  }

  async expand(node: Directive): Promise<RootContent[]> {
    const attrs = attributesOf(node);
    switch (node.name) {
      case "stat":
        return [this.stat(node, attrs)];
      case "figure":
        return [await this.figure(node, attrs)];
      case "terminal":
        return [await this.terminalFigure(node, attrs)];
      case "table":
        return [this.table(node, attrs)];
      case "method":
        return [element("div", { className: ["paper-method-placeholder"] }, [])];
      case "references":
        return [element("div", { className: ["paper-references-placeholder"] }, [])];
      default:
        this.fail(
          `unknown directive ${node.type === "textDirective" ? ":" : "::"}${node.name}`,
          `the paper knows ${KNOWN_DIRECTIVES.join(", ")}`,
          node.position,
        );
    }
  }

  stat(node: Directive, attrs: Attributes): RootContent {
    if (node.type !== "textDirective")
      this.fail("stat is an inline directive", "write :stat{…} inside a sentence (one colon)", node.position);
    const quoted = this.guard(node, () => resolveStat(this.records, attrs, { choice: this.choice }));
    const label = `:stat ${attrs.field ?? ""}`.trim();
    this.cite(quoted.runIds, `${label} (line ${node.position?.start.line ?? "?"})`);
    this.staleNote(node, label, this.staleFor(quoted.runIds)); // build log only: a sentence keeps its flow
    this.qualityNote(node, label, this.qualityFor(quoted.runIds), true); // on the page in the method section
    const what = [
      attrs.field,
      attrs.variant && `of ${attrs.variant}`,
      attrs.metric && `(${attrs.metric})`,
      `from run ${quoted.runIds.join(", ")}`,
    ]
      .filter(Boolean)
      .join(" ");
    return element("span", { className: ["stat"], title: what, dataRun: quoted.runIds.join(" ") }, [text(quoted.text)]);
  }

  /** The caption: the directive's label ([…]) if given, else caption="…", else a fallback. */
  caption(node: Directive, attrs: Attributes, fallback: string): PhrasingContent[] {
    if (node.type === "leafDirective" && node.children.length) return node.children;
    if (node.type === "containerDirective") {
      const label = node.children.find(
        (c) => c.type === "paragraph" && c.data && (c.data as { directiveLabel?: boolean }).directiveLabel,
      );
      if (label && label.type === "paragraph") return label.children;
    }
    if (attrs.caption === undefined) return [text(fallback)];
    try {
      return [text(renderClaims(attrs.caption, this.claimContext, (o) => this.outcomes.push(o)))];
    } catch (error) {
      if (error instanceof PlacedDirectiveError)
        this.fail(`caption: ${error.source}: ${error.message}`, error.hint, node.position);
      throw error;
    }
  }

  figureShell(
    node: Directive,
    attrs: Attributes,
    kind: "figure" | "table",
    body: RootContent[],
    captionText: PhrasingContent[],
    extra: RootContent[] = [],
  ): RootContent {
    const label = attrs.id;
    const number = this.nodeNumbers.get(node) ?? 0;
    const name = kind === "figure" ? "Figure" : "Table";
    const caption = element("figcaption", {}, [
      element("span", { className: ["caption-label"] }, [text(`${name} ${number}.`)]) as PhrasingContent,
      text(" "),
      ...captionText,
    ]);
    const children = kind === "table" ? [caption, ...body, ...extra] : [...body, caption, ...extra];
    return element(
      "figure",
      {
        id: label ? labelToId(label) : undefined,
        className: [kind === "figure" ? "paper-figure" : "paper-table"],
        dataNumber: String(number),
      },
      children as Nodes[],
    );
  }

  /** "Data: run X (content/benchmarks/story.json)." under a caption: what the figure was drawn from. */
  sourcesNote(runs: readonly string[], definitions: readonly string[] = []): RootContent[] {
    if (runs.length === 0) return [];
    const defs = definitions.length ? `; definition${definitions.length > 1 ? "s" : ""} ${definitions.join(", ")}` : "";
    return [
      element("span", { className: ["figure-source"] }, [
        text(` Data: run${runs.length > 1 ? "s" : ""} ${runs.join(", ")}${defs}.`),
      ]),
    ];
  }

  async figure(node: Directive, attrs: Attributes): Promise<RootContent> {
    if (node.type === "textDirective")
      this.fail("figure is a block directive", "write ::figure{…} on its own line", node.position);
    if (attrs.src) {
      if (!attrs.alt)
        this.fail(
          `the image figure ${attrs.id ?? attrs.src} has no alt text`,
          'add alt="…" describing the image for readers who cannot see it',
          node.position,
        );
      const image = element("img", { src: attrs.src, alt: attrs.alt, loading: "lazy" }, []);
      return this.figureShell(
        node,
        attrs,
        "figure",
        [element("div", { className: ["allcenter"] }, [image as Nodes])],
        this.caption(node, attrs, attrs.alt ?? ""),
      );
    }
    const name = attrs.chart;
    if (!name)
      this.fail(
        "a ::figure needs chart=NAME or src=PATH",
        "e.g. ::figure{chart=savings suite=story #fig:savings}",
        node.position,
      );
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(attrs))
      if (!["chart", "id", "caption", "class"].includes(k) && v !== undefined) params[k] = v;
    const problem = chartParamProblem(name, Object.keys(params), chartParams(name));
    if (problem) this.fail(problem.message, problem.hint, node.position);
    // `run=latest suite=NAME` means the latest run of that suite, as it does for tables and :stat.
    if (params.run === "latest" && params.suite)
      params.run = this.guard(node, () => selectBenchmark(this.records, { suite: params.suite }, this.choice)).id;
    let chart: ChartResult;
    try {
      chart = await this.renderChart({ name, params }, { target: "paper", records: this.records });
    } catch (error) {
      if (error instanceof PaperReferenceError) this.fail(error.message, error.hint, node.position);
      this.fail(
        `chart "${name}" could not be drawn: ${(error as Error).message}`,
        "check the chart name and its parameters (the message lists the known charts when the name is wrong)",
        node.position,
      );
    }
    this.cite(chart.sources.runs, this.label(node, "figure"));
    const body = [html(`<div class="allcenter">${chart.svg}</div>`)];
    // A stale figure, or one drawn from a run below the quality gate, says so on the page too.
    const caption = [
      ...this.caption(node, attrs, chart.title),
      ...(this.sourcesNote(chart.sources.runs, chart.sources.definitions) as PhrasingContent[]),
      ...(this.staleNote(node, attrs.id ?? `chart ${name}`, chart.staleWarnings) as PhrasingContent[]),
      ...(this.qualityNote(
        node,
        attrs.id ?? `chart ${name}`,
        this.qualityFor(chart.sources.runs),
      ) as PhrasingContent[]),
    ];
    return this.figureShell(node, attrs, "figure", body, caption, [this.chartDataTable(chart)]);
  }

  /** The numbers behind a chart, folded away under the figure (screen readers, copy-paste). */
  chartDataTable(chart: ChartResult): RootContent {
    const table = tableNode(
      chart.table.columns,
      chart.table.rows.map((r) => r.map((c) => (typeof c === "number" ? formatCell(c) : c))),
      chart.table.rows[0]?.map((c) => typeof c === "number") ?? [],
    );
    return element("details", { className: ["figure-data"] }, [
      element("summary", {}, [text("Data behind this figure")]) as Nodes,
      table,
    ]);
  }

  async terminalFigure(node: Directive, attrs: Attributes): Promise<RootContent> {
    if (node.type === "textDirective")
      this.fail("terminal is a block directive", "write ::terminal{of=bench} on its own line", node.position);
    const of = attrs.of;
    const output = await this.guardAsync(node, () => this.terminal(of ?? "", attrs, this.records));
    this.cite(output.runIds, this.label(node, "figure"));
    let shown = output.text;
    if (attrs.lines !== undefined) {
      const max = Number(attrs.lines);
      if (!Number.isInteger(max) || max < 1)
        this.fail(`lines=${attrs.lines} is not a positive whole number`, "write e.g. lines=40", node.position);
      shown = firstLines(shown, max);
    }
    let maxColumns: number | undefined;
    if (attrs.columns !== undefined) {
      maxColumns = Number(attrs.columns);
      if (!Number.isInteger(maxColumns) || maxColumns < 40)
        this.fail(
          `columns=${attrs.columns} is not a whole number of at least 40`,
          "write e.g. columns=120",
          node.position,
        );
    }
    const svg = renderTerminalSvg(shown, { title: output.title, command: output.command, maxColumns });
    const body = [html(`<div class="allcenter">${svg}</div>`)];
    const caption = [
      ...this.caption(node, attrs, output.title),
      ...(this.sourcesNote(output.runIds) as PhrasingContent[]),
      ...(this.staleNote(node, attrs.id ?? `terminal ${of}`, this.staleFor(output.runIds)) as PhrasingContent[]),
      ...(this.qualityNote(node, attrs.id ?? `terminal ${of}`, this.qualityFor(output.runIds)) as PhrasingContent[]),
    ];
    return this.figureShell(node, attrs, "figure", body, caption);
  }

  async guardAsync<T>(node: { position?: Position }, lookup: () => Promise<T>): Promise<T> {
    try {
      return await lookup();
    } catch (error) {
      if (error instanceof PaperReferenceError) this.fail(error.message, error.hint, node.position);
      throw error;
    }
  }

  table(node: Directive, attrs: Attributes): RootContent {
    if (node.type === "textDirective")
      this.fail("table is a block directive", "write ::table{data=…} on its own line", node.position);
    const data = this.guard(node, () => buildTable(this.records, attrs, this.choice));
    this.cite(data.runIds, this.label(node, "table"));
    const caption = [
      ...this.caption(node, attrs, data.defaultCaption),
      ...(this.staleNote(node, attrs.id ?? `table ${attrs.data}`, this.staleFor(data.runIds)) as PhrasingContent[]),
      ...(this.qualityNote(node, attrs.id ?? `table ${attrs.data}`, this.qualityFor(data.runIds)) as PhrasingContent[]),
    ];
    return this.figureShell(node, attrs, "table", [tableNode(data.columns, data.rows, data.numeric)], caption);
  }

  /** Pass 3: `@fig:x` / `@tbl:x` → links, `[@key; @key]` → numbered citations, in document order. */
  linkReferences(): void {
    const pattern = /\[(@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*)\]|(?<![\w@])@((?:fig|tbl):[\w-]+)/g;
    visit(this.tree, "text", (node, index, parent) => {
      if (!parent || index === undefined || !pattern.test(node.value)) return;
      pattern.lastIndex = 0;
      const out: PhrasingContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(pattern)) {
        const at = match.index;
        if (at > last) out.push(text(node.value.slice(last, at)));
        const place = pointAt(node, at);
        if (match[1]) out.push(this.citation(match[1], place));
        else if (match[2]) out.push(this.crossReference(match[2], place));
        last = at + match[0].length;
      }
      if (last < node.value.length) out.push(text(node.value.slice(last)));
      parent.children.splice(index, 1, ...(out as never[]));
      return index + out.length;
    });
  }

  crossReference(label: string, place: Point | undefined): PhrasingContent {
    const target = this.numbers.get(label);
    if (!target) {
      const known = [...this.numbers.keys()].filter((l) => l.startsWith(label.slice(0, 4)));
      this.fail(
        `@${label} refers to no figure or table`,
        known.length
          ? `labels of that kind: ${known.map((l) => `@${l}`).join(", ")}`
          : `label a figure with #${label} inside its directive`,
        place,
      );
    }
    const link: Link = {
      type: "link",
      url: `#${labelToId(label)}`,
      children: [text(`${target.kind === "figure" ? "Figure" : "Table"} ${target.number}`)],
    };
    link.data = { hProperties: { className: ["xref"] } };
    return link;
  }

  citation(list: string, place: Point | undefined): PhrasingContent {
    const keys = list.split(";").map((k) => k.trim().replace(/^@/, ""));
    const parts: PhrasingContent[] = [text("[")];
    keys.forEach((key, i) => {
      if (!this.citations.has(key)) {
        const near = this.citations
          .known()
          .filter((k) => k.slice(0, 3).toLowerCase() === key.slice(0, 3).toLowerCase());
        this.fail(
          `no bibliography entry "${key}"`,
          `add it to content/bibliography.json${near.length ? `, or did you mean ${near.join(", ")}?` : ` (known: ${this.citations.known().join(", ")})`}`,
          place,
        );
      }
      if (i) parts.push(text(", "));
      const entry = this.citations.entry(key);
      const link: Link = { type: "link", url: `#ref-${key}`, children: [text(String(this.citations.cite(key)))] };
      if (entry) link.data = { hProperties: { title: `${referenceParts(entry).lead} ${entry.title}` } };
      parts.push(link);
    });
    parts.push(text("]"));
    return element("span", { className: ["citation"] }, parts) as PhrasingContent;
  }

  /** "Figure 3" / "Table 1" for a figure or table directive. */
  label(node: object, kind: "figure" | "table"): string {
    return `${kind === "figure" ? "Figure" : "Table"} ${this.nodeNumbers.get(node) ?? "?"}`;
  }

  /**
   * Pass 4: the method section, from the runs cited anywhere above, with a visible note for
   * every run used below the quality gate and every mix of hosts, accelerators, QEMU versions
   * or kernels among them (also in the build log).
   */
  generateMethod(): void {
    const runs = this.citedRuns.flatMap((id) => this.records.filter((r) => r.id === id));
    const quality = runs.flatMap((r) => {
      const notes = qualityNotes(r, this.choice);
      const uses = [...new Set(this.uses.filter((u) => u.runId === r.id).map((u) => u.what))];
      return notes.length ? [{ runId: r.id, notes, uses }] : [];
    });
    const mixes = comparability(this.uses, this.records);
    for (const mix of mixes) {
      const message = `the runs this paper uses are not all comparable: ${describeMix(mix)}`;
      if (!this.warnings.includes(message)) {
        this.warnings.push(message);
        this.file.message(message, { ruleId: "paper-comparability", source: "remark-paper" });
      }
    }
    this.replacePlaceholder(
      "paper-method-placeholder",
      () => methodSection(runs, 2, { quality, mixes }) as RootContent[],
    );
  }

  /** Pass 5: the reference list at ::references, or appended when citations exist. */
  generateReferences(): void {
    const cited = this.citations.cited();
    const list = (): RootContent[] =>
      cited.length === 0
        ? []
        : [
            { type: "heading", depth: 2, children: [text("References")] },
            element(
              "ol",
              { className: ["references"] },
              cited.map((entry) => {
                const parts = referenceParts(entry);
                const children: Nodes[] = [
                  text(`${parts.lead} `),
                  { type: "emphasis", children: [text(withStop(parts.title))] },
                  text(parts.tail ? ` ${parts.tail}` : ""),
                ];
                if (parts.url) children.push(text(" "), { type: "link", url: parts.url, children: [text(parts.url)] });
                return element("li", { id: `ref-${entry.id}` }, children) as Nodes;
              }),
            ),
          ];
    const placed = this.replacePlaceholder("paper-references-placeholder", list);
    if (!placed && cited.length) this.tree.children.push(...list());
  }

  replacePlaceholder(className: string, make: () => RootContent[]): boolean {
    let placed = false;
    visit(this.tree, (node, index, parent) => {
      const props = (node as { data?: { hProperties?: { className?: string[] } } }).data?.hProperties;
      if (!parent || index === undefined || props?.className?.[0] !== className) return;
      if (placed)
        this.fail(
          `::${className.includes("method") ? "method" : "references"} appears twice`,
          "keep one",
          (node as { position?: Position }).position,
        );
      parent.children.splice(index, 1, ...(make() as never[]));
      placed = true;
      return SKIP;
    });
    return placed;
  }
}

declare module "vfile" {
  interface DataMap {
    paper: PaperFileData;
  }
}
