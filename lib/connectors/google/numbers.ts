import { ConnectorError } from "@/lib/connectors/common/errors";
import { formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";

// Reading numbers out of Google's JSON without floats. Protobuf's JSON mapping sends int64 as
// strings ("12340000"), doubles as JSON numbers, and GA4 sends every metric as a string. A value of
// the wrong shape is a malformed answer: it fails the fetch naming the field, before anything is
// written. Money and conversions leave here as decimal strings rounded to 4 places, the precision
// of the fact columns, with the same rule PostgreSQL applies (halves away from zero).

export function malformed(provider: string, field: string, problem: string): ConnectorError {
  return new ConnectorError("bad_response", provider, `${provider} sent a malformed answer: ${field} ${problem}.`, { providerCode: field });
}

const UNSIGNED_INTEGER = /^\d+$/;
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const SCIENTIFIC = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/;

/** "1.5e-7" -> "0.00000015": digits are moved, never multiplied, so nothing is rounded. */
export function expandExponent(text: string): string {
  const match = SCIENTIFIC.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = "", exponentText] = match;
  const digits = `${whole}${fraction}`;
  const point = whole!.length + Number(exponentText);
  let result: string;
  if (point <= 0) result = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) result = `${digits}${"0".repeat(point - digits.length)}`;
  else result = `${digits.slice(0, point)}.${digits.slice(point)}`;
  result = result.replace(/^0+(?=\d)/, "");
  return `${sign}${result}`;
}

const roundTo4 = (exact: string) => formatDecimal(parseDecimal(exact), 0);

/** A count (int64 as a string, or a JSON integer); absent means zero (protobuf omits zeros). */
export function readCount(value: unknown, field: string, provider: string): number {
  if (value === undefined) return 0;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === "string" && UNSIGNED_INTEGER.test(value)) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
  }
  throw malformed(provider, field, `should be a whole number, got ${JSON.stringify(value)}`);
}

/** Micros (int64 as a string) -> currency units, by moving the decimal point six places. */
export function microsToDecimal(value: unknown, field: string, provider: string): string {
  if (value === undefined) return "0";
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !UNSIGNED_INTEGER.test(text)) {
    throw malformed(provider, field, `should be a whole number of micros, got ${JSON.stringify(value)}`);
  }
  const padded = text.padStart(7, "0");
  return roundTo4(`${padded.slice(0, -6)}.${padded.slice(-6)}`);
}

/**
 * A JSON number (a protobuf double such as conversions) -> decimal string. The number's shortest
 * round-trip text is exactly the decimal the platform wrote, so it is read as text from there on.
 */
export function doubleToDecimal(value: unknown, field: string, provider: string): string {
  if (value === undefined) return "0";
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw malformed(provider, field, `should be a number, got ${JSON.stringify(value)}`);
  }
  return roundTo4(expandExponent(String(value)));
}

/** A decimal sent as text (GA4's metric values) -> decimal string; exponent notation is accepted. */
export function textToDecimal(value: unknown, field: string, provider: string): string {
  const text = typeof value === "string" ? expandExponent(value.trim()) : null;
  if (text === null || !PLAIN_DECIMAL.test(text)) {
    throw malformed(provider, field, `should be a decimal number as text, got ${JSON.stringify(value)}`);
  }
  return roundTo4(text);
}

/** A required piece of text (an id, a name, a date). */
export function readText(value: unknown, field: string, provider: string): string {
  if (typeof value === "string" && value.length > 0) return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  throw malformed(provider, field, value === undefined || value === null ? "is missing" : `should be text, got ${JSON.stringify(value)}`);
}
