/**
 * The bibliography: CSL-JSON (the format Zotero, Pandoc and citeproc exchange), validated on
 * load, and a small numeric citation style: references are numbered in order of first citation,
 * cited as [1] or [1, 3], and listed as "Author (year). Title. Container. URL."
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { fileError } from "../../core/errors.ts";
import { isAllowedUrl, URL_HINT } from "../plugins/rehype-sanitize-content.ts";

/** An absolute http(s) URL: what a reference list may link to (never javascript: or data:). */
export const WebUrl = z
  .string()
  .url()
  .refine((url) => /^https?:/i.test(url) && isAllowedUrl(url), `must be an http(s) URL (${URL_HINT})`);

const Name = z.union([
  z.object({ family: z.string(), given: z.string().optional() }),
  z.object({ literal: z.string() }),
]);

export const CslEntry = z.object({
  id: z.string().regex(/^[\w:.-]+$/, "ids may use letters, digits, _ : . -"),
  type: z.string(),
  title: z.string(),
  author: z.array(Name).default([]),
  issued: z.object({ "date-parts": z.array(z.array(z.number().int())).min(1) }).optional(),
  "container-title": z.string().optional(),
  publisher: z.string().optional(),
  URL: WebUrl.optional(),
  DOI: z.string().optional(),
  note: z.string().optional(),
  /** CSL-JSON's free-form field; boot-talk reads `supports` from it (see supportsOf). */
  custom: z
    .object({ supports: z.array(z.string().min(1)).optional() })
    .passthrough()
    .optional(),
});
export type CslEntry = z.infer<typeof CslEntry>;

export const Bibliography = z.array(CslEntry);

/** Loads and validates a CSL-JSON file, naming the entry and field on error. */
export async function loadBibliography(path: string): Promise<CslEntry[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw fileError(
      path,
      "",
      `cannot read the bibliography (${(error as Error).message})`,
      "it must be a CSL-JSON array; export one from Zotero or write it by hand",
    );
  }
  const result = Bibliography.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? `entry ${issue.path.map(String).join(".")}` : "";
    throw fileError(
      path,
      where,
      issue?.message ?? "invalid",
      "see https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html for CSL-JSON fields",
    );
  }
  const seen = new Set<string>();
  for (const entry of result.data) {
    if (seen.has(entry.id))
      throw fileError(path, `entry ${entry.id}`, "the id is used twice", "give each entry a unique id");
    seen.add(entry.id);
  }
  return result.data;
}

function nameOf(name: z.infer<typeof Name>): string {
  if ("literal" in name) return name.literal;
  return name.given ? `${name.family}, ${name.given}` : name.family;
}

/** "Jones, R." / "Jones, R. and Bonzini, P." / "Jones, R. et al." */
export function formatAuthors(entry: CslEntry): string {
  const names = entry.author.map(nameOf);
  if (names.length === 0) return entry.publisher ?? "Anon.";
  if (names.length <= 2) return names.join(" and ");
  return `${names[0]} et al.`;
}

/** The year of publication, or "n.d.". */
export function yearOf(entry: CslEntry): string {
  const year = entry.issued?.["date-parts"][0]?.[0];
  return year === undefined ? "n.d." : String(year);
}

/** The reference-list entry as plain segments; the plugin turns them into nodes (title in italics, URL as a link). */
export function referenceParts(entry: CslEntry): { lead: string; title: string; tail: string; url?: string } {
  const tail = [
    entry["container-title"],
    entry.publisher && entry.publisher !== formatAuthors(entry) ? entry.publisher : undefined,
    entry.note,
  ]
    .filter(Boolean)
    .map((s) => withStop(s as string))
    .join(" ");
  const url = entry.URL ?? (entry.DOI ? `https://doi.org/${entry.DOI}` : undefined);
  return { lead: `${formatAuthors(entry)} (${yearOf(entry)}).`, title: entry.title, tail, url };
}

/** Ends a sentence-like segment with a full stop unless it already ends with punctuation. */
export function withStop(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** Numbers citations in order of first use. */
export class CitationRegistry {
  readonly #entries: Map<string, CslEntry>;
  readonly #order: string[] = [];
  constructor(entries: readonly CslEntry[]) {
    this.#entries = new Map(entries.map((e) => [e.id, e]));
  }
  entry(key: string): CslEntry | undefined {
    return this.#entries.get(key);
  }
  has(key: string): boolean {
    return this.#entries.has(key);
  }
  known(): string[] {
    return [...this.#entries.keys()];
  }
  /** The citation number for key, assigning the next one on first use. */
  cite(key: string): number {
    let index = this.#order.indexOf(key);
    if (index < 0) index = this.#order.push(key) - 1;
    return index + 1;
  }
  /** Cited entries in citation order. */
  cited(): CslEntry[] {
    return this.#order.map((key) => this.#entries.get(key) as CslEntry);
  }
}

/**
 * What each entry supports: the numbers a reader finds in that source (`custom.supports`, e.g.
 * ["1.2 s", "about 40%"]), so the claim linter can warn when a sentence cites an entry for a
 * number it does not state. Null for an entry that lists none.
 */
export function supportsOf(entries: readonly CslEntry[]): Map<string, string[] | null> {
  return new Map(entries.map((e) => [e.id, e.custom?.supports ?? null]));
}
