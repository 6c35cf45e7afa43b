/**
 * The talk's look, from one file the author controls: `theme.json` next to the script
 * (content/talk/theme.json). Colours, fonts, the code colour scheme, a logo and a footer line;
 * every field is optional and validated, and a mistake fails the build at file:line: field.
 * The deck, presenter view, read view, handout and PDF all draw their slides from it.
 *
 * The slide surface is light or dark according to the background colour, and charts follow the
 * surface: a dark slide carries the class `bt-chart-surface-dark`, which sets the charts' dark
 * colours (src/charts/chart-colours.css). Text colours must pass WCAG AA against the background.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { findNodeAtLocation, parseTree, type ParseError } from "jsonc-parser";
import { z } from "zod";
import { projectPath } from "../../core/paths.ts";
import { contentPath, imageType } from "./content-path.ts";
import type { FontFile } from "./embedded-fonts.ts";
import { escapeHtml } from "./html.ts";
import { isKnownCodeTheme } from "./highlight.ts";
import { TalkError } from "./parse.ts";

const Colour = z.string().regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, "expected a colour written #rrggbb or #rgb");
const FontStack = z
  .string()
  .min(1)
  .regex(/^[\w\s"',.-]+$/, 'expected a CSS font list such as "Inter", system-ui, sans-serif');

const ThemeFile = z.strictObject({
  $schema: z.string().optional(),
  colors: z
    .strictObject({
      background: Colour.default("#fcfcfa"),
      text: Colour.default("#15181d"),
      muted: Colour.default("#5a6370"),
      accent: Colour.default("#1d4ed8"),
      rule: Colour.default("#e3e6ea"),
    })
    .prefault({}),
  fonts: z
    .strictObject({
      body: FontStack.default('"Inter", system-ui, sans-serif'),
      code: FontStack.default('ui-monospace, "DejaVu Sans Mono", monospace'),
      /** Font files to load (served from public/), besides the site's own Inter. */
      faces: z
        .array(
          z.strictObject({
            family: z.string().regex(/^[\w\s-]+$/, "expected a font family name"),
            weight: z.number().int().min(100).max(900).default(400),
            style: z.enum(["normal", "italic"]).default("normal"),
            file: z.string().regex(/^public\/.+\.(woff2|woff|ttf|otf)$/, "expected a font file under public/"),
          }),
        )
        .optional(),
    })
    .prefault({}),
  /** A Shiki theme for code blocks; default github-light or github-dark, by the background. */
  code: z.string().optional(),
  logo: z.strictObject({ file: z.string().min(1), alt: z.string().min(1, "describe the logo") }).optional(),
  footer: z.string().max(120, "keep the footer to one short line").optional(),
});
type ThemeFile = z.infer<typeof ThemeFile>;

export interface TalkTheme {
  /** The theme file, relative to the working folder, or null when the defaults apply. */
  file: string | null;
  dark: boolean;
  codeTheme: string;
  /** Classes for every slide element. */
  slideClass: string;
  /** The CSS a talk page needs: the theme's own @font-face rules and the slide variables. */
  css(rootPrefix: string): string;
  /** The slide variables alone, for a page that carries its fonts itself (the deck). */
  variablesCss: string;
  /** The theme's own font files (besides the site's Inter), as absolute paths. */
  faces: FontFile[];
  /** Logo and footer markup for a slide face. */
  chrome(assetPrefix: string): string;
}

/** Loads `theme.json` beside the talk script (or the defaults when there is none). */
export function loadTheme(root: string, talkPath: string): TalkTheme {
  const path = resolve(dirname(talkPath), "theme.json");
  if (!existsSync(path)) return resolveTheme(ThemeFile.parse({}), null, root);
  const shown = relative(process.cwd(), path) || path;
  const text = readFileSync(path, "utf8");
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
  if (errors.length || !tree)
    throw new TalkError(shown, lineOf(errors[0]?.offset ?? 0), "not valid JSON", "check commas, quotes and braces");
  const result = ThemeFile.safeParse(JSON.parse(text));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const node = findNodeAtLocation(tree, issue.path as (string | number)[]);
    const field = issue.path.join(".") || "(top level)";
    throw new TalkError(
      shown,
      lineOf(node?.offset ?? 0),
      `${field}: ${issue.message}`,
      "see content/talk/README.md (Theme) for every field",
    );
  }
  return resolveTheme(result.data, shown, root, (field) => {
    const node = findNodeAtLocation(tree, field.split("."));
    return lineOf(node?.offset ?? 0);
  });
}

function resolveTheme(
  theme: ThemeFile,
  file: string | null,
  root: string,
  lineOf: (field: string) => number = () => 1,
): TalkTheme {
  const where = file ?? "theme.json";
  const fail = (field: string, problem: string, hint: string): never => {
    throw new TalkError(where, lineOf(field), `${field}: ${problem}`, hint);
  };
  const c = theme.colors;
  for (const [field, min] of [
    ["text", 4.5],
    ["muted", 4.5],
    ["accent", 3],
  ] as const) {
    const ratio = contrast(c[field], c.background);
    if (ratio < min)
      fail(
        `colors.${field}`,
        `${c[field]} on the background ${c.background} has a contrast of ${ratio.toFixed(2)}:1, below ${min}:1`,
        "pick a darker colour on a light background, or a lighter one on a dark background (WCAG AA)",
      );
  }
  const dark = luminance(c.background) < 0.179; // below this, white text has the better contrast
  const codeTheme = theme.code ?? (dark ? "github-dark" : "github-light");
  if (!isKnownCodeTheme(codeTheme))
    fail(
      "code",
      `"${codeTheme}" is not a Shiki theme`,
      "e.g. github-light, github-dark, min-light, nord, vitesse-light",
    );
  if (dark && !existsSync(projectPath("src/charts/chart-colours.css")))
    fail(
      "colors.background",
      "a dark slide background needs the charts' dark colours (src/charts/chart-colours.css), which this build lacks",
      "use a light background",
    );

  const faces = (theme.fonts.faces ?? []).map((face, i) => {
    const place = { file: where, line: lineOf(`fonts.faces.${i}.file`), what: "font file" };
    contentPath(root, root, face.file, place);
    return face;
  });
  let logo: { src: (assetPrefix: string) => string; alt: string } | null = null;
  if (theme.logo) {
    const place = { file: where, line: lineOf("logo.file"), what: "logo" };
    const found = contentPath(root, root, theme.logo.file, place);
    const type = imageType(found.real, place);
    const inline = `data:${type};base64,${readFileSync(found.real).toString("base64")}`;
    logo = {
      src: (prefix) => (found.fromRoot.startsWith("public/") ? prefix + found.fromRoot.slice(7) : inline),
      alt: theme.logo.alt,
    };
  }
  const vars = {
    "--slide-bg": c.background,
    "--slide-fg": c.text,
    "--slide-muted": c.muted,
    "--slide-accent": c.accent,
    "--slide-rule": c.rule,
    "--slide-font": theme.fonts.body,
    "--slide-code-font": theme.fonts.code,
  };
  const variablesCss = `.slide{${Object.entries(vars)
    .map(([k, v]) => `${k}:${v}`)
    .join(";")}}`;
  return {
    file,
    dark,
    codeTheme,
    slideClass: dark ? "theme-dark bt-chart-surface-dark" : "theme-light",
    css: (rootPrefix) =>
      faces
        .map(
          (f) =>
            `@font-face{font-family:"${f.family}";font-style:${f.style};font-weight:${f.weight};font-display:swap;src:url("${rootPrefix}${f.file.slice("public/".length)}")}`,
        )
        .join("") + variablesCss,
    variablesCss,
    faces: faces.map((f) => ({ family: f.family, weight: f.weight, style: f.style, path: resolve(root, f.file) })),
    chrome: (assetPrefix) =>
      (logo
        ? `<div class="allcenter slide-logo"><img src="${escapeHtml(logo.src(assetPrefix))}" alt="${escapeHtml(logo.alt)}"></div>`
        : "") + (theme.footer ? `<span class="slide-footer">${escapeHtml(theme.footer)}</span>` : ""),
  };
}

/** WCAG relative luminance of #rgb / #rrggbb. */
export function luminance(hex: string): number {
  const h = hex.length === 4 ? [...hex.slice(1)].map((x) => x + x).join("") : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const v = parseInt(h.slice(i, i + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
