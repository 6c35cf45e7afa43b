/**
 * Compiles a client script (src/talk/client/*.ts) to one small minified IIFE at build time.
 * Pages inline the result, so the deck needs no separate asset URL: it works from file://
 * and under any sub-path, and the script bytes are counted with the page.
 */
import { build } from "esbuild";
import { readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";

const cache = new Map<string, Promise<string>>();
const clientDir = () => resolve(process.cwd(), "src/talk/client");
let sourcesSeen = "";

/** The newest change among the client sources: a dev server rebundles after an edit. */
function sourcesStamp(): string {
  return readdirSync(clientDir())
    .map((f) => `${f}:${statSync(resolve(clientDir(), f)).mtimeMs}`)
    .join(";");
}

export function clientScript(name: "deck" | "deck-start" | "presenter" | "read"): Promise<string> {
  const stamp = sourcesStamp();
  if (stamp !== sourcesSeen) cache.clear();
  sourcesSeen = stamp;
  let js = cache.get(name);
  if (!js) {
    js = build({
      entryPoints: [resolve(clientDir(), `${name}.ts`)],
      bundle: true,
      minify: true,
      format: "iife",
      target: "es2022",
      write: false,
      legalComments: "none",
    }).then((r) => r.outputFiles[0]!.text);
    cache.set(name, js);
  }
  return js;
}
