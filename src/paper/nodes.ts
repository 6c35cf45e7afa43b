/**
 * Building blocks for remark-paper: mdast nodes that become arbitrary HTML elements, GFM
 * tables from formatted cells, source points inside text, and the repair of `@fig:x`
 * cross-references that remark-directive mistakes for text directives.
 */
import type { Nodes, Parent, Root, RootContent, Table, Text } from "mdast";
import type { Point } from "unist";
import type {} from "mdast-util-directive";
import { visit } from "unist-util-visit";

/** A node rendered as an arbitrary HTML element (mdast-util-to-hast honours data.hName). */
export function element(tag: string, properties: Record<string, unknown>, children: Nodes[]): RootContent {
  return { type: "paperElement", data: { hName: tag, hProperties: properties }, children } as unknown as RootContent;
}
export const text = (value: string): Text => ({ type: "text", value });
export const html = (value: string): RootContent => ({ type: "html", value });

/** `fig:savings` → `fig-savings` (a plain HTML id that needs no escaping in CSS or URLs). */
export function labelToId(label: string): string {
  return label.replace(/:/g, "-");
}

/** A number in a chart's data table: grouped, at most one decimal. */
export function formatCell(value: number): string {
  return Number.isInteger(value)
    ? value.toLocaleString("en-GB")
    : value.toLocaleString("en-GB", { maximumFractionDigits: 1 });
}

/** A GFM table node from formatted cells. */
export function tableNode(columns: string[], rows: string[][], numeric: boolean[]): RootContent {
  const node: Table = {
    type: "table",
    align: columns.map((_, i) => (numeric[i] ? "right" : "left")),
    children: [columns, ...rows].map((cells) => ({
      type: "tableRow",
      children: cells.map((c) => ({ type: "tableCell", children: [text(String(c))] })),
    })),
  };
  return node;
}

/** The source point of character `offset` inside a text node (for errors at the exact line). */
export function pointAt(node: Text, offset: number): Point | undefined {
  const start = node.position?.start;
  if (!start) return undefined;
  const before = node.value.slice(0, offset);
  const lines = before.split("\n");
  const line = start.line + lines.length - 1;
  const column = lines.length === 1 ? start.column + offset : (lines.at(-1)?.length ?? 0) + 1;
  return { line, column };
}

/**
 * `@fig:savings` parses as text "@fig" + a text directive `:savings`. A bare text directive
 * (no label, no attributes) whose name is not one of ours is put back as the text it was, and
 * neighbouring text nodes are merged, so cross-references and ordinary colons survive.
 */
export function restoreBareTextDirectives(tree: Root, known: readonly string[]): void {
  visit(tree, (node) => {
    if (!("children" in node)) return;
    const parent = node as Parent;
    let changed = false;
    parent.children = parent.children.map((child) => {
      if (child.type !== "textDirective" || known.includes(child.name)) return child;
      const span = child.position
        ? (child.position.end.offset ?? 0) - (child.position.start.offset ?? 0)
        : child.name.length + 1;
      if (child.children.length || Object.keys(child.attributes ?? {}).length || span !== child.name.length + 1)
        return child;
      changed = true;
      return { type: "text", value: `:${child.name}`, position: child.position } as Text;
    });
    if (!changed) return;
    const merged: typeof parent.children = [];
    for (const child of parent.children) {
      const previous = merged.at(-1);
      if (previous?.type === "text" && child.type === "text") {
        previous.value += child.value;
        if (previous.position && child.position)
          previous.position = { start: previous.position.start, end: child.position.end };
      } else merged.push(child.type === "text" ? { ...child } : child);
    }
    parent.children = merged;
  });
}
