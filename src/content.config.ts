/// <reference types="astro/client" />
/**
 * Content collections. `paper`: the Markdown under content/paper/, with validated front matter
 * (src/paper/frontmatter.ts) and rendered by remark-paper from the recorded runs on every build.
 */
import { defineCollection } from "astro:content";
import { PaperFrontmatter } from "./paper/frontmatter.ts";
import { paperLoader } from "./paper/loader.ts";

const paper = defineCollection({ loader: paperLoader(), schema: PaperFrontmatter });

export const collections = { paper };
