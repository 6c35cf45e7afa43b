/**
 * Numbers in the talk come from the recorded runs, like the paper's: a speaker writes
 * `:stat{suite=story variant=quiet field=saving}` in the notes or in a `> big:` / `> bullets:`
 * visual and the build puts the current value there ("240 ms (95% CI 180–300 ms)").
 * The syntax and the statistics are the paper's (src/paper/stats.ts), so one vocabulary
 * serves both, and a rebuild after a new run updates the talk too.
 */
import type { RunRecord } from "../../core/records/schema.ts";
import { PaperReferenceError } from "../paper/data.ts";
import { resolveStat } from "../paper/stats.ts";
import { TalkError } from "./parse.ts";

const STAT_TOKEN = /:stat\{([^}]*)\}/g;

/** Parses `a=b c="d e"` into attributes. */
export function parseStatAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([\w-]+)=(?:"([^"]*)"|(\S+))/g)) {
    attributes[match[1]!] = match[2] ?? match[3] ?? "";
  }
  return attributes;
}

/** Replaces every `:stat{…}` token in text; a bad reference is a TalkError at file:line. */
export function quoteStats(text: string, records: readonly RunRecord[], file: string, line: number): string {
  return text.replace(STAT_TOKEN, (_token, inner: string) => {
    try {
      return resolveStat(records, parseStatAttributes(inner)).text;
    } catch (error) {
      if (error instanceof PaperReferenceError)
        throw new TalkError(file, line, `:stat{${inner.trim()}}: ${error.message}`, error.hint);
      throw error;
    }
  });
}

/** True when text holds at least one token (so records are only loaded when needed). */
export const hasStatTokens = (text: string) => text.includes(":stat{");
