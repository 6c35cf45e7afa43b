/**
 * rehype-heading-anchors: give every h2–h4 that has an id (rehype-slug assigns them) a small
 * "§" link to itself, so a reader can copy a link to any section of the paper.
 */
import type { Element, Root } from "hast";
import { visit } from "unist-util-visit";

const HEADINGS = new Set(["h2", "h3", "h4"]);

export default function rehypeHeadingAnchors() {
  return (tree: Root) => {
    visit(tree, "element", (node: Element) => {
      if (!HEADINGS.has(node.tagName)) return;
      const id = node.properties?.id;
      if (typeof id !== "string" || !id) return;
      const already = node.children.some(
        (c) =>
          c.type === "element" && c.tagName === "a" && String(c.properties?.className ?? "").includes("heading-anchor"),
      );
      if (already) return;
      node.children.push({
        type: "element",
        tagName: "a",
        properties: { className: ["heading-anchor"], href: `#${id}`, ariaLabel: "Link to this section" },
        children: [{ type: "text", value: "§" }],
      });
    });
  };
}
