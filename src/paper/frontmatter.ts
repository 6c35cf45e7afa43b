/**
 * The paper's front matter, validated by the content collection (src/content.config.ts).
 * Every field feeds the page: the title block, the citation_* meta tags and "Cite this".
 */
import { z } from "zod";
import { WebUrl } from "./bibliography.ts";

export const PaperAuthor = z.object({
  name: z.string().min(1),
  affiliation: z.string().optional(),
  email: z.string().email().optional(),
  url: WebUrl.optional(),
});

export const PaperFrontmatter = z.object({
  title: z.string().min(1, "give the paper a title"),
  subtitle: z.string().optional(),
  authors: z.array(PaperAuthor).min(1, "list at least one author"),
  /** Publication date (YYYY-MM-DD). */
  date: z.coerce.date(),
  abstract: z.string().min(1, "write an abstract: it is shown under the title and in the citation metadata"),
  keywords: z.array(z.string()).default([]),
  /** Paper size when printed (npm run pdf, or the browser's print dialog). */
  pageSize: z.enum(["A4", "Letter"]).default("A4"),
  /** Where the paper is published (for "Cite this"); defaults to a web article. */
  venue: z.string().optional(),
});
export type PaperFrontmatter = z.infer<typeof PaperFrontmatter>;
