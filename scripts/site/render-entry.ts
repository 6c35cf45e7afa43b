/**
 * The entry point of the site renderer (scripts/site/renderer.ts): the site's pages compiled
 * by Astro once per change of code, then run by npm run build to write the static pages from
 * the current content. Astro's own App renders each page, as it does for any on-demand route.
 */
import { createApp } from "astro/app/entrypoint";

// Not streamed: each page is written whole to a file.
const app = createApp({ streaming: false });

/**
 * A page of the site, or a file an endpoint makes (e.g. /talk/later-slides.js): the path it is
 * requested at, and its source, for messages.
 */
export interface SitePage {
  pathname: string;
  component: string;
  kind: "page" | "endpoint";
}

/**
 * The site's pages and endpoint files. Any other kind of route (dynamic, a redirect, an
 * endpoint whose path names no file) cannot be prebuilt here.
 */
export function sitePages(): SitePage[] {
  const pages: SitePage[] = [];
  for (const route of app.manifestData.routes) {
    if (route.origin !== "project") continue; // Astro's own routes (server islands, image endpoint)
    const fixed = route.params.length === 0 && route.pathname !== undefined;
    const kind = route.type === "page" ? "page" : route.type === "endpoint" ? "endpoint" : undefined;
    if (!fixed || !kind || (kind === "endpoint" && !/\.[a-z0-9]+$/i.test(route.pathname!)))
      throw new Error(
        `${route.component}: the site renderer builds fixed pages and files only (this is a ${route.params.length ? "dynamic " : ""}${route.type}); see scripts/site/renderer.ts`,
      );
    pages.push({ pathname: route.pathname!, component: route.component, kind });
  }
  return pages;
}

/** Renders one page or file; one that throws comes back with status 500 and the error in the log. */
export async function renderPage(pathname: string): Promise<{ status: number; body: Uint8Array }> {
  const response = await app.render(new Request(new URL(pathname, "http://boot-talk.invalid/")));
  return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
}
