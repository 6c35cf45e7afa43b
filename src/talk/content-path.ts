/**
 * Paths the talk reads (images, Markdown slides, theme files) stay inside the project: a path is
 * resolved, its symlinks followed, and anything that lands outside the project root is refused,
 * so `../secret.svg` or `/etc/passwd` can never be published into dist/.
 */
import { existsSync, realpathSync, statSync } from "node:fs";
import { extname, isAbsolute, relative, resolve, sep } from "node:path";
import { noteInput } from "./inputs.ts";
import { TalkError } from "./parse.ts";

export interface ContentPath {
  /** The path as resolved from where it was written (symlinks not followed). */
  path: string;
  /** The file it really is, inside the project. */
  real: string;
  /** The path relative to the project root, with / separators (for URLs and messages). */
  fromRoot: string;
}

export interface Place {
  /** File and line the path was written at, for the error. */
  file: string;
  line: number;
  /** What the path is for: "image", "visual file"… */
  what: string;
  hint?: string;
}

const inside = (dir: string, path: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * Resolves `written` against `base` (a folder) and confines it to `root`. Throws a TalkError at
 * the place it was written when it does not exist, is not a file or leaves the project.
 */
export function contentPath(root: string, base: string, written: string, place: Place): ContentPath {
  const path = resolve(base, written);
  const realRoot = realpathSync(root);
  const outside = () =>
    new TalkError(
      place.file,
      place.line,
      `${place.what} ${written} is outside the project (${isAbsolute(written) ? "an absolute path" : "it resolves to " + path})`,
      "keep talk files inside the project folder, e.g. under content/talk/ or public/",
    );
  // Check the written path first, so a missing file outside the project is reported as outside.
  if (!inside(resolve(root), path) && !inside(realRoot, path)) throw outside();
  if (!existsSync(path))
    throw new TalkError(
      place.file,
      place.line,
      `${place.what} ${written} does not exist`,
      place.hint ?? `it is resolved from ${relative(process.cwd(), base) || "."}`,
    );
  const real = realpathSync(path);
  if (!inside(realRoot, real)) throw outside();
  if (!statSync(real).isFile())
    throw new TalkError(place.file, place.line, `${place.what} ${written} is not a file`, place.hint);
  noteInput(path); // a shared talk build is redone when this file changes (inputs.ts)
  return { path, real, fromRoot: relative(realRoot, real).split(sep).join("/") };
}

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".avif": "image/avif",
};

/** The MIME type of an image file, or a TalkError naming the supported ones. */
export function imageType(path: string, place: Place): string {
  const type = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!type)
    throw new TalkError(
      place.file,
      place.line,
      `${place.what} ${path} has an unsupported type`,
      `use one of ${Object.keys(IMAGE_TYPES).join(" ")}`,
    );
  return type;
}
