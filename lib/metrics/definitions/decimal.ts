// Exact money arithmetic: a decimal is a bigint counting ten-thousandths (4 places, the precision
// of every numeric(20, 4) column). Parsing, adding and dividing never go through a JS float.

export type Dec = bigint;

export const SCALE_DIGITS = 4;
const SCALE = 10n ** BigInt(SCALE_DIGITS);
const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;

export const ZERO: Dec = 0n;

/** Rounds n / d to the nearest integer, halves away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError("Division by zero.");
  const negative = n < 0n !== d < 0n;
  const a = n < 0n ? -n : n;
  const b = d < 0n ? -d : d;
  const q = (a * 2n + b) / (b * 2n);
  return negative ? -q : q;
}

/** "12.3456" -> 123456n. More than 4 decimals are rounded (halves away from zero). */
export function parseDecimal(text: string | number | bigint): Dec {
  if (typeof text === "bigint") return text * SCALE;
  if (typeof text === "number") {
    if (!Number.isSafeInteger(text)) throw new RangeError(`Not an exact integer: ${text}. Pass decimals as strings.`);
    return BigInt(text) * SCALE;
  }
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new RangeError(`Not a decimal: "${text}"`);
  const [, sign, whole, fraction = ""] = match;
  const digits = fraction.length;
  let value: bigint;
  if (digits <= SCALE_DIGITS) {
    value = BigInt(whole!) * SCALE + BigInt(fraction.padEnd(SCALE_DIGITS, "0") || "0");
  } else {
    const exact = BigInt(whole! + fraction);
    value = divRound(exact, 10n ** BigInt(digits - SCALE_DIGITS));
  }
  return sign === "-" ? -value : value;
}

/** 123450n -> "12.345"; keeps at least `minDecimals` places and drops trailing zeros beyond them. */
export function formatDecimal(value: Dec, minDecimals = 2): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / SCALE;
  let fraction = (abs % SCALE).toString().padStart(SCALE_DIGITS, "0");
  while (fraction.length > minDecimals && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  const text = fraction ? `${whole}.${fraction}` : `${whole}`;
  return negative && abs !== 0n ? `-${text}` : text;
}

/**
 * The value rounded to `places` decimals (0 to 4), halves away from zero, written with exactly
 * that many: what a reader sees, while sums and ratios keep all four places.
 */
export function formatFixed(value: Dec, places: number): string {
  if (!Number.isInteger(places) || places < 0 || places > SCALE_DIGITS) throw new RangeError(`Places must be 0 to ${SCALE_DIGITS}: ${places}`);
  const step = 10n ** BigInt(SCALE_DIGITS - places);
  const rounded = divRound(value, step) * step;
  return formatDecimal(rounded, places);
}

export const add = (...values: Dec[]): Dec => values.reduce((sum, v) => sum + v, 0n);

export const sub = (a: Dec, b: Dec): Dec => a - b;

/** a × an integer (e.g. × 1000 for CPM), exact. */
export const mulInt = (a: Dec, factor: number | bigint): Dec => a * BigInt(factor);

/** a / b, rounded to 4 places (halves away from zero); null when b is zero (shown as "n/a"). */
export function divide(a: Dec, b: Dec): Dec | null {
  if (b === 0n) return null;
  return divRound(a * SCALE, b);
}

/** Digits of an exchange rate (numeric(24, 10)). */
const RATE_DIGITS = 10;
const RATE_SCALE = 10n ** BigInt(RATE_DIGITS);

/** "1.0834500000" -> the rate as a bigint of ten-billionths. */
export function parseRate(text: string): bigint {
  const match = DECIMAL.exec(text.trim());
  if (!match || match[1] === "-") throw new RangeError(`Not a rate: "${text}"`);
  const [, , whole, fraction = ""] = match;
  return BigInt(whole!) * RATE_SCALE + BigInt(fraction.slice(0, RATE_DIGITS).padEnd(RATE_DIGITS, "0") || "0");
}

/** An amount converted at a rate (a parseRate value), rounded to 4 places, halves away from zero. */
export function convert(amount: Dec, rate: bigint): Dec {
  return divRound(amount * rate, RATE_SCALE);
}

/** a / b for two rates (a cross rate through a third currency), rounded to 10 places. */
export function divideRates(a: bigint, b: bigint): bigint {
  return divRound(a * RATE_SCALE, b);
}
