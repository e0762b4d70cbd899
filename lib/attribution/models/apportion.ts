// Amounts up to this many minor units are split in floating point: a part's exact share of such an
// amount is off by under 2^-12 units, which only decides between remainders that are equal to
// that precision, and the sum is made exact by the leftover step either way. Larger amounts are
// split in integer arithmetic.
const FLOAT_LIMIT = 2n ** 40n;
// In integer arithmetic, shares are rounded to this many parts first (about 1e-12 each).
const PARTS = 2 ** 40;

/**
 * Splits an amount in integer minor units by the given shares (largest remainder): each gets the
 * floor of its exact part, and the units left over go one each to the largest remainders, ties to
 * the earlier share. The result sums exactly to the amount. Shares need not sum to 1; they are
 * taken relative to their sum. A negative amount (a refund) is split like its absolute value.
 * No shares: nothing to split to, so no parts.
 */
export function apportionMinor(totalMinor: bigint, shares: readonly number[]): bigint[] {
  const shareSum = checkedShareSum(shares);
  const n = shares.length;
  if (n === 0) return [];
  if (n === 1) return [totalMinor];
  const negative = totalMinor < 0n;
  const amount = negative ? -totalMinor : totalMinor;
  const parts = amount <= FLOAT_LIMIT ? splitInFloat(Number(amount), shares, shareSum) : splitInIntegers(amount, shares, shareSum);
  return negative ? parts.map((part) => -part) : parts;
}

/**
 * apportionMinor for an amount of at most 2^40 units either way, in plain numbers: the same parts,
 * without a BigInt per part (an attribution recompute splits millions of amounts).
 */
export function apportionSmall(total: number, shares: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || Math.abs(total) > SMALL_LIMIT) throw new RangeError("apportionSmall takes whole amounts of at most 2^40 units.");
  const shareSum = checkedShareSum(shares);
  const n = shares.length;
  if (n === 0) return [];
  if (n === 1) return [total === 0 ? 0 : total];
  const amount = Math.abs(total);
  const parts = floatParts(amount, shares, shareSum) ?? splitInIntegers(BigInt(amount), shares, shareSum).map(Number);
  // 0 - x, not -x: a part of 0 stays 0, never -0.
  if (total < 0) for (let i = 0; i < n; i++) parts[i] = 0 - parts[i]!;
  return parts;
}

/** The largest amount apportionSmall takes. */
export const SMALL_LIMIT = Number(FLOAT_LIMIT);

function checkedShareSum(shares: readonly number[]): number {
  if (shares.length === 0) return 0;
  let shareSum = 0;
  for (const share of shares) {
    if (!(share >= 0) || !Number.isFinite(share)) throw new RangeError("Shares must be finite numbers of at least 0.");
    shareSum += share;
  }
  if (!(shareSum > 0)) throw new RangeError("At least one share must be greater than 0.");
  return shareSum;
}

/** The float path, exported for tests that compare it with the integer one. */
export function splitInFloat(amount: number, shares: readonly number[], shareSum: number): bigint[] {
  const parts = floatParts(amount, shares, shareSum);
  return parts ? parts.map(BigInt) : splitInIntegers(BigInt(amount), shares, shareSum);
}

/** The float path's parts, or null when the integer path has to decide. */
function floatParts(amount: number, shares: readonly number[], shareSum: number): number[] | null {
  const n = shares.length;
  const floors = new Array<number>(n);
  const remainders = new Array<number>(n);
  let left = amount;
  for (let i = 0; i < n; i++) {
    const exact = (amount * shares[i]!) / shareSum;
    const floor = Math.floor(exact);
    floors[i] = floor;
    remainders[i] = exact - floor;
    left -= floor;
  }
  // Exact floors leave 0 to n − 1 units; rounding would have to push several quotas across whole
  // units at once to leave a count outside that. Should it ever, the integer path decides.
  if (left < 0 || left >= n) return null;
  for (const i of largestRemainders(remainders, left)) floors[i]! += 1;
  return floors;
}

/** The integer path, exported for tests that compare it with the float one. */
export function splitInIntegers(amount: bigint, shares: readonly number[], shareSum: number): bigint[] {
  const n = shares.length;
  const parts = new Array<bigint>(n);
  let partSum = 0n;
  for (let i = 0; i < n; i++) {
    parts[i] = BigInt(Math.round((shares[i]! / shareSum) * PARTS));
    partSum += parts[i]!;
  }
  const result = new Array<bigint>(n);
  const remainders = new Array<bigint>(n);
  let left = amount;
  for (let i = 0; i < n; i++) {
    const exact = amount * parts[i]!;
    const floor = exact / partSum;
    result[i] = floor;
    remainders[i] = exact - floor * partSum;
    left -= floor;
  }
  for (const i of largestRemainders(remainders, Number(left))) result[i]! += 1n;
  return result;
}

/**
 * The indexes that get the `count` units left over (fewer than there are remainders): the largest
 * remainders, the earliest on a tie. Scanning beats sorting for the few touches a journey has.
 */
function largestRemainders(remainders: (number | bigint)[], count: number): number[] {
  const picked: number[] = [];
  for (; count > 0; count--) {
    let best = -1;
    for (let i = 0; i < remainders.length; i++) if (remainders[i]! >= 0 && (best < 0 || remainders[i]! > remainders[best]!)) best = i;
    picked.push(best);
    remainders[best] = -1;
  }
  return picked;
}
