// Shares are rounded to this many parts before the split, so the split itself is exact integer
// arithmetic: 2^40 parts resolve a share to about 1e-12, far below one minor unit of any order.
const PARTS = 2 ** 40;

/**
 * Splits an amount in integer minor units by the given shares (largest remainder): each gets the
 * floor of its exact part, and the units left over go one each to the largest remainders, ties to
 * the earlier share. The result sums exactly to the amount. Shares need not sum to 1; they are
 * taken relative to their sum. A negative amount (a refund) is split like its absolute value.
 * No shares: nothing to split to, so no parts.
 */
export function apportionMinor(totalMinor: bigint, shares: readonly number[]): bigint[] {
  const n = shares.length;
  if (n === 0) return [];
  let shareSum = 0;
  for (const share of shares) {
    if (!(share >= 0) || !Number.isFinite(share)) throw new RangeError("Shares must be finite numbers of at least 0.");
    shareSum += share;
  }
  if (!(shareSum > 0)) throw new RangeError("At least one share must be greater than 0.");
  if (n === 1) return [totalMinor];

  const negative = totalMinor < 0n;
  const amount = negative ? -totalMinor : totalMinor;
  const parts = new Array<bigint>(n);
  let partSum = 0n;
  for (let i = 0; i < n; i++) {
    parts[i] = BigInt(Math.round((shares[i]! / shareSum) * PARTS));
    partSum += parts[i]!;
  }

  const result = new Array<bigint>(n);
  const remainders = new Array<bigint>(n);
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const exact = amount * parts[i]!;
    result[i] = exact / partSum;
    remainders[i] = exact % partSum;
    given += result[i]!;
  }
  // Fewer than n units are left; hand them out by largest remainder, earliest first on a tie.
  let left = amount - given;
  if (left > 0n) {
    const byRemainder = remainders
      .map((_, index) => index)
      .sort((a, b) => (remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : a - b));
    for (let k = 0; left > 0n; k++, left--) result[byRemainder[k]!]! += 1n;
  }
  return negative ? result.map((part) => -part) : result;
}
