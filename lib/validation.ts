import { z } from "zod";
import { AppError } from "./errors";

/**
 * Where a value holds a NUL character, as a field path ("filters.channel.0"), or null. Postgres
 * cannot store one in text, so such input must be refused before it reaches a query.
 */
function nulCharacterAt(value: unknown, path: (string | number)[] = [], depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "body" : null;
  if (!value || typeof value !== "object" || depth > 32) return null;
  for (const [key, inner] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    if (typeof key === "string" && key.includes("\u0000")) return [...path, key.replaceAll("\u0000", "")].join(".") || "body";
    const found = nulCharacterAt(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** Throws a 400 naming the field when the input holds a NUL character anywhere. */
export function refuseNulCharacters(input: unknown): void {
  const at = nulCharacterAt(input);
  if (at) throw AppError.field(at, "Remove the NUL character (\\u0000) from this value.");
}

/** Parses input with a zod schema; failures become a 400 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  refuseNulCharacters(input);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "body";
    fields[key] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");
  throw new AppError("bad_request", `Invalid input (${summary})`, { fields });
}

/**
 * FormData -> plain object of strings. Files are ignored, and so are the `$ACTION_…` fields React
 * adds to forms bound to server actions, which are routing data rather than user input.
 */
export function formToObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !key.startsWith("$ACTION")) out[key] = value;
  return out;
}
