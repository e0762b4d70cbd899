import { ConnectorError } from "../common/errors";

// Reads one value of a provider's answer into our fact types, or fails with a bad_response that
// names the field, so a malformed answer stops the run before anything is written.
// Ad APIs send money and counts as strings ("12.34", "1000"). When a number arrives instead, its
// JSON text is the shortest decimal that round-trips, so String(n) is exactly what the platform
// sent; exponent forms (1e21) and fractions beyond safe integers are refused rather than guessed.

const DECIMAL = /^\d{1,16}(\.\d+)?$/;
const COUNT = /^\d{1,15}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  return Array.isArray(value) ? "a list" : "an object";
}

export type WireReader = {
  /** A bad_response naming the field, for checks the readers below don't cover. */
  malformed(path: string, expected: string, value: unknown): ConnectorError;
  text(value: unknown, path: string): string;
  /** A non-negative decimal string such as "12.34". */
  decimal(value: unknown, path: string): string;
  /** A whole number sent as a string (or a number). */
  count(value: unknown, path: string): number;
  /** A YYYY-MM-DD day at the start of `value` ("2026-03-01" or "2026-03-01 00:00:00"). */
  day(value: unknown, path: string): string;
};

export function wireReader(provider: string, label: string): WireReader {
  const malformed = (path: string, expected: string, value: unknown) =>
    new ConnectorError(
      "bad_response",
      provider,
      value === undefined ? `${label} sent an answer without ${path} (expected ${expected}).` : `${label} sent ${shown(value)} for ${path}; expected ${expected}.`,
    );

  return {
    malformed,
    text(value, path) {
      if (typeof value !== "string" || value.trim() === "") throw malformed(path, "text", value);
      return value;
    },
    decimal(value, path) {
      const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
      if (typeof text !== "string" || !DECIMAL.test(text.trim())) throw malformed(path, 'a decimal such as "12.34"', value);
      return text.trim();
    },
    count(value, path) {
      if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
      if (typeof value !== "string" || !COUNT.test(value.trim())) throw malformed(path, "a whole number", value);
      return Number(value.trim());
    },
    day(value, path) {
      const text = typeof value === "string" ? value.slice(0, 10) : null;
      if (!text || !DAY.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) throw malformed(path, "a YYYY-MM-DD day", value);
      return text;
    },
  };
}

/** The object at `value`, or a bad_response naming `path`. */
export function objectAt(reader: WireReader, value: unknown, path: string): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw reader.malformed(path, "an object", value);
  return value as Record<string, unknown>;
}

/** The list at `value`, or a bad_response naming `path`. */
export function listAt(reader: WireReader, value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw reader.malformed(path, "a list", value);
  return value;
}
