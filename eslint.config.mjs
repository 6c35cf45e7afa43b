// Lint rules for boot-talk: the recommended sets of ESLint, typescript-eslint and
// eslint-plugin-astro, plus the project's one layering rule (core/ stands alone).
// Formatting is Prettier's job (npm run format), so no stylistic rules here.
import js from "@eslint/js";
import astro from "eslint-plugin-astro";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", ".astro/", ".cache/", "node_modules/", "content/runs/", "**/fixtures/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Type-only imports keep `verbatimModuleSyntax` builds honest.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-control-regex": "off", // ANSI escape handling matches control characters on purpose
    },
  },
  {
    files: ["src/talk/client/**/*.ts", "src/**/*.astro"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ group: ["**/scripts/**", "**/src/**"], message: "core/ imports nothing from scripts/ or src/" }],
        },
      ],
    },
  },
  {
    files: ["src/**/*.ts", "src/**/*.astro"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/scripts/**"], message: "the site imports core/, never scripts/" }] },
      ],
    },
  },
);
