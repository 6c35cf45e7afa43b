/**
 * Live editing: in `npm run dev`, a change to the talk's script, theme or slide files, the paper,
 * the bibliography or a run record reloads the open pages. These files are read with fs, not
 * imported, so Vite does not see them on its own: this plugin watches them and tells the browser
 * to reload. The pages then rebuild from the files as they are now (src/talk/build.ts notices
 * changed records by their fingerprint; the paper's loader re-renders on its own watch).
 */
import { resolve } from "node:path";
import type { Plugin } from "vite";

export function talkDevReload(root = process.cwd()): Plugin {
  const watched = [
    "content/talk",
    "content/paper",
    "content/runs",
    "content/bibliography.json",
    "content/benchmarks",
  ].map((p) => resolve(root, p));
  // The talk may live elsewhere (BOOT_TALK_TALK): watch its folder too.
  if (process.env.BOOT_TALK_TALK) watched.push(resolve(root, process.env.BOOT_TALK_TALK, ".."));
  return {
    name: "boot-talk:dev-reload",
    apply: "serve",
    configureServer(server) {
      server.watcher.add(watched);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const reload = (file: string) => {
        if (!watched.some((dir) => file === dir || file.startsWith(`${dir}/`))) return;
        // Editors save in bursts (temp file, rename): reload once they are done.
        clearTimeout(timer);
        timer = setTimeout(() => {
          server.config.logger.info(`reload: ${file.slice(root.length + 1)} changed`, { timestamp: true });
          server.environments.client.hot.send({ type: "full-reload", path: "*" });
        }, 120);
      };
      server.watcher.on("change", reload);
      server.watcher.on("add", reload);
      server.watcher.on("unlink", reload);
    },
  };
}
