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
  let left = amount;
  for (let i = 0; i < n; i++) {
    const exact = amount * parts[i]!;
    const floor = exact / partSum;
    result[i] = floor;
    remainders[i] = exact - floor * partSum;
    left -= floor;
  }
  // Fewer than n units are left: one each to the largest remainders, the earliest on a tie.
  // Picking by scanning beats sorting for the few touches a journey has.
  for (; left > 0n; left--) {
    let best = -1;
    for (let i = 0; i < n; i++) if (remainders[i]! >= 0n && (best < 0 || remainders[i]! > remainders[best]!)) best = i;
    result[best]! += 1n;
    remainders[best] = -1n;
  }
  return negative ? result.map((part) => -part) : result;
}
