import { z } from "zod";

// OpenAPI 3.1 schemas are JSON Schema 2020-12, so the zod schemas that validate a request (or
// shape an answer) are converted as they are, never described a second time by hand.

export type JsonSchema = { [key: string]: unknown };

/** The JSON Schema of `schema` as a request (`input`: defaults make fields optional) or an answer (`output`). */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  // Refinements and transforms cannot be expressed in JSON Schema; their base type is still exact.
  const converted = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  // The document declares the dialect once; a component repeats none.
  delete converted.$schema;
  return converted;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
