// Reading JSON Schema (as the OpenAPI document holds it) into short, human descriptions.

export type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  required?: string[];
  description?: string;
  default?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
};

export type Components = Record<string, Schema>;

export const refName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);

export function deref(schema: Schema, components: Components): Schema {
  return schema.$ref ? (components[refName(schema.$ref)] ?? {}) : schema;
}

/** "string (date)", "array of string", "\"day\" | \"week\"", "string | null", "map of string → number"... */
export function typeText(input: Schema, components: Components): string {
  const schema = deref(input, components);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) return schema.anyOf.map((s) => typeText(s, components)).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type;
  if (type === "array") return `array of ${schema.items ? typeText(schema.items, components) : "any"}`;
  if (type === "object" && !schema.properties && typeof schema.additionalProperties === "object") {
    return `map of string → ${typeText(schema.additionalProperties, components)}`;
  }
  if (schema.pattern && type === "string" && !schema.format) return "string (pattern)";
  return schema.format ? `${type} (${schema.format})` : (type ?? "any");
}

/** Limits worth telling a caller: ranges, lengths, defaults. */
export function constraintsText(schema: Schema): string {
  const parts: string[] = [];
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`${schema.minimum ?? "…"} to ${schema.maximum ?? "…"}`);
  if (schema.minItems !== undefined || schema.maxItems !== undefined) parts.push(`${schema.minItems ?? 0} to ${schema.maxItems ?? "any"} items`);
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join("; ");
}

export type FieldRow = { name: string; type: string; required: boolean; description: string; constraints: string };

/** The fields of an object schema, nested objects (and arrays of objects) flattened to dotted names. */
export function fieldRows(input: Schema, components: Components, prefix = "", depth = 0): FieldRow[] {
  const schema = deref(input, components);
  if (!schema.properties || depth > 4) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).flatMap(([key, raw]) => {
    const field = deref(raw, components);
    const name = `${prefix}${key}`;
    const nullable = field.anyOf?.find((s) => deref(s, components).properties);
    const nested = field.properties ? field : field.items && deref(field.items, components).properties ? deref(field.items, components) : nullable;
    const row: FieldRow = { name, type: typeText(field, components), required: required.has(key), description: field.description ?? "", constraints: constraintsText(field) };
    if (!nested) return [row];
    const childPrefix = field.type === "array" ? `${name}[].` : `${name}.`;
    return [{ ...row, type: field.type === "array" ? "array of object" : nullable ? "object | null" : "object" }, ...fieldRows(nested, components, childPrefix, depth + 1)];
  });
}
