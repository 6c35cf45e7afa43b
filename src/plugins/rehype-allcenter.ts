/**
 * rehype-allcenter: wrap every image and chart in `<div class="allcenter">`.
 *
 * The original paper centred each image this way; the project promises it for every page.
 * "Image" means `<img>`, `<picture>`, `<object type="image/…">` and any outermost `<svg>`
 * that is not decorative (`aria-hidden="true"`). An element already inside an allcenter
 * div is left alone, so running the plugin twice never double-wraps.
 * A `<p>` whose only content is images becomes the wrapper itself, so Markdown's
 * `![alt](src)` paragraphs do not leave an empty paragraph behind.
 */
import type { Element, ElementContent, Root, RootContent } from "hast";

const WRAPPER_CLASS = "allcenter";

type Parent = Root | Element;

/** Rehype plugin: see the module comment. */
export default function rehypeAllcenter() {
  return (tree: Root) => {
    wrapImages(tree, false);
  };
}

/** Walks the tree, wrapping each image that is not already inside a wrapper. */
export function wrapImages(parent: Parent, insideWrapper: boolean): void {
  const children = parent.children as Array<RootContent | ElementContent>;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (!child || child.type !== "element") continue;
    if (isImage(child)) {
      if (!insideWrapper) children[i] = wrapper([child]);
      continue; // never look inside an image (SVG internals are not content images)
    }
    if (!insideWrapper && child.tagName === "p" && onlyImages(child)) {
      children[i] = { ...wrapper(child.children), position: child.position };
      continue;
    }
    wrapImages(child, insideWrapper || isWrapper(child));
  }
}

/** True for elements that the allcenter promise covers. */
export function isImage(node: Element): boolean {
  const tag = node.tagName;
  if (tag === "img" || tag === "picture") return true;
  if (tag === "object") return String(node.properties?.type ?? "").startsWith("image/");
  if (tag === "svg") return String(node.properties?.ariaHidden ?? "") !== "true";
  return false;
}

function isWrapper(node: Element): boolean {
  if (node.tagName !== "div") return false;
  const cls = node.properties?.className;
  const list = Array.isArray(cls) ? cls.map(String) : String(cls ?? "").split(/\s+/);
  return list.includes(WRAPPER_CLASS);
}

/** A paragraph holding images and whitespace only (as Markdown makes for `![a](b)`). */
function onlyImages(p: Element): boolean {
  let images = 0;
  for (const c of p.children) {
    if (c.type === "text" && c.value.trim() === "") continue;
    if (c.type === "element" && isImage(c)) {
      images++;
      continue;
    }
    return false;
  }
  return images > 0;
}

function wrapper(children: ElementContent[]): Element {
  return { type: "element", tagName: "div", properties: { className: [WRAPPER_CLASS] }, children };
}
