/**
 * The rendered paper, kept between builds (core/cache.ts, namespace "paper-html"), under a key
 * of its text and every file its rendering can read or run (src/data/render-inputs.ts; the
 * talk's folder, which only the talk reads, is left out). What this saves is the whole
 * Markdown pipeline, and loading it, when nothing the paper depends on changed: a talk-only
 * edit, or a rebuild after dist/ was removed.
 */
import { isLog, type LogEntry } from "../../core/build-log.ts";
import { cachedJson, cacheKey, contentCache, type ContentCache } from "../../core/cache.ts";
import { sha256 } from "../../core/hash.ts";
import { inputDigests, renderEnvironment } from "../data/render-inputs.ts";
import type { RenderedPaper } from "./render.ts";

export const PAPER_NAMESPACE = "paper-html";
const FORMAT = "paper-html@2";

/** A rendering as cached: the paper and what rendering it said in the build log. */
export interface CachedPaper extends RenderedPaper {
  log: LogEntry[];
}

/** The key of a paper rendering: its file, its text and everything listed above. */
export async function paperKey(root: string, file: string, text: string): Promise<string> {
  const inputs = await inputDigests(root, { leftOut: ["content/talk"] });
  return cacheKey(FORMAT, file, sha256(text), inputs, renderEnvironment(), process.versions.node);
}

function isCachedPaper(value: unknown): value is CachedPaper {
  const v = value as Partial<CachedPaper> | null;
  return (
    !!v &&
    typeof v.html === "string" &&
    Array.isArray(v.headings) &&
    Array.isArray(v.warnings) &&
    !!v.paper &&
    Array.isArray(v.paper.references) &&
    typeof v.frontmatter === "object" &&
    isLog(v.log)
  );
}

export function paperCache(): ContentCache {
  return contentCache(PAPER_NAMESPACE);
}

/** The cached rendering under key, or null (absent, damaged, or not a rendering). */
export function cachedPaper(cache: ContentCache, key: string): Promise<CachedPaper | null> {
  return cachedJson(cache, key, isCachedPaper);
}
