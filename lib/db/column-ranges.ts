// The ranges of the Postgres column types that hold numbers from outside. A value (an import
// cell, a webhook's quantity, a platform's count or id) is checked against its column where it is
// parsed: past the range, Postgres refuses the whole statement, which fails a request with a 500
// and a background job on every retry.

/** `integer` (Prisma's Int). */
export const INT4 = { min: -2_147_483_648, max: 2_147_483_647 } as const;

/** `bigint` (Prisma's BigInt). */
export const INT8 = { min: -(2n ** 63n), max: 2n ** 63n - 1n } as const;

/** Digits before the point of `numeric(20, 4)`, the type of every amount. */
export const AMOUNT_WHOLE_DIGITS = 16;

export const fitsInt4 = (value: number): boolean => Number.isInteger(value) && value >= INT4.min && value <= INT4.max;

export const fitsInt8 = (value: bigint): boolean => value >= INT8.min && value <= INT8.max;

/** Whether a plain decimal ("-12.5", "0012") fits `numeric(20, 4)` once rounded to 4 places. */
export function fitsAmount(decimal: string): boolean {
  const whole = /^-?0*(\d*)/.exec(decimal)?.[1] ?? "";
  // 9999999999999999.99995 would round up to 17 digits: 16 nines are refused too.
  return whole.length < AMOUNT_WHOLE_DIGITS || (whole.length === AMOUNT_WHOLE_DIGITS && !/^9+$/.test(whole));
}
