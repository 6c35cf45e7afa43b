/**
 * Author HTML is checked and sanitised; pipeline HTML is trusted. The paper and the talk's
 * Markdown slides (`> file:`) may hold raw HTML and links written by hand; charts, terminal
 * figures and other HTML that our own plugins insert must pass untouched.
 *
 * 1. `remarkStashTrusted` (after the plugins that insert HTML, before remark-rehype) swaps every
 *    `html` node without a source position (the authors' raw HTML always has one) for a
 *    placeholder element whose key carries a per-file nonce an author cannot guess.
 * 2. rehype-raw turns the authors' raw HTML into elements.
 * 3. `rehypeRejectUnsafe` fails the build at file:line for what would run code or leave the
 *    site: `<script>`, `<iframe>` and kin, `on…` handler attributes, and any URL whose scheme is
 *    not http(s) or mailto (relative URLs and #fragments are fine).
 * 4. rehype-sanitize with `sanitizeSchema` removes anything else not on the list (defence in
 *    depth; the list covers what Markdown, GFM tables and footnotes and remark-paper produce).
 * 5. `rehypeRestoreTrusted` parses the stashed pipeline HTML back in place of its placeholders.
 */
import { randomUUID } from "node:crypto";
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from "hast";
import type { Nodes, Root as MdastRoot } from "mdast";
import rehypeRaw from "rehype-raw";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import type { PluggableList } from "unified";
import { SKIP, visit } from "unist-util-visit";
import type { VFile } from "vfile";

const ALLOWED_SCHEMES = ["http", "https", "mailto"];

/** True for http(s), mailto, relative URLs and #fragments: the only links the site publishes. */
export function isAllowedUrl(url: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
  const squeezed = url.replace(/[\u0000-\u0020\u007f]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(squeezed)?.[1];
  return scheme === undefined || ALLOWED_SCHEMES.includes(scheme.toLowerCase());
}

export const URL_HINT = "links may only use http:, https:, mailto: or a relative path";

/** Elements whose only purpose in hand-written content would be to run or embed code. */
const UNSAFE_TAGS = new Set([
  "script",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "base",
  "meta",
  "link",
  "style",
  "form",
  "template",
  "noscript",
]);
/** hast property names that hold URLs. */
const URL_PROPERTIES = ["href", "src", "xLinkHref", "action", "formAction", "cite", "poster", "data", "background"];

const PLACEHOLDER = "bt-trusted";
const KEY = "dataBtTrusted";

interface Stash {
  nonce: string;
  html: string[];
}
const stashOf = (file: VFile): Stash => {
  const data = file.data as { trustedHtml?: Stash };
  data.trustedHtml ??= { nonce: randomUUID(), html: [] };
  return data.trustedHtml;
};

/** Step 1: pipeline-inserted raw HTML (no source position) becomes a placeholder. */
export function remarkStashTrusted() {
  return (tree: MdastRoot, file: VFile) => {
    const stash = stashOf(file);
    visit(tree, "html", (node, index, parent) => {
      if (node.position || !parent || index === undefined) return;
      const placeholder = {
        type: "trustedHtml",
        data: { hName: PLACEHOLDER, hProperties: { [KEY]: `${stash.nonce}:${stash.html.length}` } },
        children: [],
      } as unknown as Nodes;
      stash.html.push(node.value);
      (parent.children as Nodes[])[index] = placeholder;
    });
  };
}

/** Step 3: fails at file:line for code, embeds and URL schemes that have no place in content. */
export function rehypeRejectUnsafe() {
  return (tree: HastRoot, file: VFile) => {
    visit(tree, "element", (node: Element) => {
      if (node.tagName === PLACEHOLDER) return SKIP;
      if (UNSAFE_TAGS.has(node.tagName))
        file.fail(
          `raw HTML <${node.tagName}> is not allowed in content\n  hint: the site publishes no hand-written scripts, embeds or styles; remove it`,
          node,
        );
      for (const [name, value] of Object.entries(node.properties ?? {})) {
        if (/^on[A-Z]/.test(name) || /^on[a-z]+$/.test(name))
          file.fail(
            `the event handler attribute ${name.toLowerCase()} on <${node.tagName}> is not allowed in content\n  hint: remove it; content runs no scripts`,
            node,
          );
        if (URL_PROPERTIES.includes(name) && typeof value === "string" && !isAllowedUrl(value))
          file.fail(`the URL "${value.slice(0, 60)}" on <${node.tagName}> is not allowed\n  hint: ${URL_HINT}`, node);
      }
      return undefined;
    });
  };
}

/**
 * What content may contain after sanitising: GitHub's list plus the figure, caption, details and
 * cross-reference markup of the paper, classes and ids everywhere (cross-references and the
 * theme need them, so ids are not prefixed), and the placeholder for pipeline HTML.
 */
export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  clobber: [],
  clobberPrefix: "",
  tagNames: [
    ...(defaultSchema.tagNames ?? []),
    "figure",
    "figcaption",
    "caption",
    "abbr",
    "mark",
    "small",
    "cite",
    "time",
    "u",
    "wbr",
    PLACEHOLDER,
  ],
  attributes: {
    // GitHub's list restricts classes on some elements to its own; our plugins add others.
    ...Object.fromEntries(
      Object.entries(defaultSchema.attributes ?? {}).map(([tag, list]) => [
        tag,
        list.filter((a) => !(Array.isArray(a) && a[0] === "className")),
      ]),
    ),
    "*": [
      ...(defaultSchema.attributes?.["*"] ?? []),
      "className",
      "role",
      "ariaLabel",
      "ariaHidden",
      "ariaDescribedBy",
      "ariaLabelledBy",
      "data*",
    ],
    img: [...(defaultSchema.attributes?.img ?? []), "loading", "decoding"],
    [PLACEHOLDER]: [KEY],
  },
  protocols: {
    ...defaultSchema.protocols,
    href: ALLOWED_SCHEMES,
    src: ["http", "https"],
    cite: ["http", "https"],
    longDesc: ["http", "https"],
  },
  strip: ["script", "style"],
};

/** Step 5: each placeholder becomes the parsed pipeline HTML it stands for. */
export function rehypeRestoreTrusted() {
  return (tree: HastRoot, file: VFile) => {
    const stash = stashOf(file);
    const parseRaw = rehypeRaw();
    visit(tree, "element", (node: Element, index, parent) => {
      if (node.tagName !== PLACEHOLDER || !parent || index === undefined) return undefined;
      const [nonce, n] = String(node.properties?.[KEY] ?? "").split(":");
      const html = nonce === stash.nonce ? stash.html[Number(n)] : undefined;
      const parsed =
        html === undefined ? [] : parseRaw({ type: "root", children: [{ type: "raw", value: html }] }, file);
      const children = (Array.isArray(parsed) ? parsed : (parsed as HastRoot).children) as HastContent[];
      parent.children.splice(index, 1, ...(children as ElementContent[]));
      return [SKIP, index + children.length];
    });
  };
}

/** Steps 2–5 as one list for a rehype pipeline (step 1 goes in the remark part). */
export const sanitizePlugins: PluggableList = [
  rehypeRaw,
  rehypeRejectUnsafe,
  [rehypeSanitize, sanitizeSchema],
  rehypeRestoreTrusted,
];
