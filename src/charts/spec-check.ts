/**
 * Vega-Lite compiles an unknown mark type into a bare TypeError ("Cannot read properties of
 * undefined"). This finds such marks in a spec, using the mark names from Vega-Lite's own JSON
 * schema, so the error can say where the bad mark is and what the valid ones are.
 */
import { createRequire } from "node:module";

interface SchemaDefinitions {
  definitions: Record<string, { enum?: string[]; const?: string; anyOf?: Array<{ $ref: string }> }>;
}

let known: string[] | undefined;

/** Every mark type Vega-Lite accepts (primitive and composite), from its JSON schema. */
export function knownMarks(): string[] {
  if (!known) {
    const schema = createRequire(import.meta.url)("vega-lite/vega-lite-schema.json") as SchemaDefinitions;
    const defs = schema.definitions;
    const composite = (defs.CompositeMark?.anyOf ?? [])
      .map((r) => defs[r.$ref.split("/").pop()!]?.const)
      .filter((m): m is string => !!m);
    known = [...(defs.Mark?.enum ?? []), ...composite];
  }
  return known;
}

/** "path: problem" for each mark in the spec (at any depth) that Vega-Lite does not know. */
export function unknownMarks(spec: unknown, path = ""): string[] {
  if (!spec || typeof spec !== "object") return [];
  if (Array.isArray(spec)) return spec.flatMap((s, i) => unknownMarks(s, `${path}[${i}]`));
  const problems: string[] = [];
  for (const [key, value] of Object.entries(spec as Record<string, unknown>)) {
    const here = path ? `${path}.${key}` : key;
    if (key === "mark") {
      const type =
        typeof value === "string"
          ? value
          : value && typeof value === "object"
            ? (value as { type?: unknown }).type
            : undefined;
      if (typeof type === "string" && !knownMarks().includes(type))
        problems.push(`${here}: "${type}" is not a Vega-Lite mark (use one of ${knownMarks().join(", ")})`);
    } else if (["layer", "hconcat", "vconcat", "concat", "spec"].includes(key)) {
      problems.push(...unknownMarks(value, here));
    }
  }
  return problems;
}
