/**
 * The built talk, kept between builds (core/cache.ts, namespace "talk-built"), under a key of
 * every file its build can read or run (src/data/render-inputs.ts; the paper's folder, which
 * only the paper reads, is left out). On a hit the build parses nothing, binds no claim and
 * renders no slide: a paper-only edit, or a rebuild after dist/ was removed. The entry keeps
 * what the build said (claims summary, notes on the data) to say it again, and the files it
 * read, so the dev server keeps watching them.
 */
import { dirname, relative } from "node:path";
import { isLog, type LogEntry } from "../../core/build-log.ts";
import { cachedJson, cacheKey, contentCache, type ContentCache } from "../../core/cache.ts";
import { inputDigests, renderEnvironment } from "../data/render-inputs.ts";
import type { SharedTalk } from "./build.ts";

/** Default script location, overridable for trying another talk: BOOT_TALK_TALK=path. */
export function talkFile(): string {
  return process.env.BOOT_TALK_TALK ?? "content/talk/talk.txt";
}

export const TALK_NAMESPACE = "talk-built";
const FORMAT = "talk-built@1";

/** The talk as its pages share it, without its theme (functions; loaded again, it is cheap). */
export type TalkData = Omit<SharedTalk, "theme">;

export interface CachedTalk {
  talk: TalkData;
  /** What building it said in the build log. */
  log: LogEntry[];
  /** The files the build read (script, theme, slide files), absolute. */
  inputs: string[];
}

/** The key of a talk build: its script's path and everything listed above. */
export async function talkKey(root: string, script: string): Promise<string> {
  const where = relative(root, script);
  // A script outside the project (BOOT_TALK_TALK=…) brings its folder of slide files along.
  const outside = where.startsWith("..") || where === script;
  const inputs = await inputDigests(root, { leftOut: ["content/paper"], extraDirs: outside ? [dirname(script)] : [] });
  return cacheKey(FORMAT, where, inputs, renderEnvironment(), process.versions.node);
}

export function talkCache(): ContentCache {
  return contentCache(TALK_NAMESPACE);
}

function isCachedTalk(value: unknown): value is CachedTalk {
  const v = value as Partial<CachedTalk> | null;
  const talk = v?.talk as Partial<TalkData> | undefined;
  return (
    !!talk &&
    typeof talk.file === "string" &&
    Array.isArray(talk.slides) &&
    talk.slides.every((s) => typeof s?.html === "string" && typeof s.notesHtml === "string") &&
    Array.isArray(talk.paceStart) &&
    Array.isArray(talk.dataNotes) &&
    typeof talk.meta === "object" &&
    isLog(v!.log) &&
    Array.isArray(v!.inputs) &&
    v!.inputs.every((f) => typeof f === "string")
  );
}

/** True when the talk at script (absolute) is cached as it is now: building it would only read the cache. */
export async function isTalkCached(root: string, script: string): Promise<boolean> {
  return (await cachedTalk(talkCache(), await talkKey(root, script))) !== null;
}

/** The cached talk under key, or null (absent, damaged, or not a talk). */
export function cachedTalk(cache: ContentCache, key: string): Promise<CachedTalk | null> {
  return cachedJson(cache, key, isCachedTalk);
}
