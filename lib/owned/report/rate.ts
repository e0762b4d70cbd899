import { divide, SCALE_DIGITS } from "@/lib/metrics/definitions/decimal";

/** A ratio as a fraction to 4 places; null when the denominator is zero ("n/a"). */
export function rate(numerator: number, denominator: number): number | null {
  const value = divide(BigInt(numerator), BigInt(denominator));
  return value === null ? null : Number(value) / 10 ** SCALE_DIGITS;
}
