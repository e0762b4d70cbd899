// A customer as the models see it (Fader, Hardie & Lee's notation in brackets). Times are in the
// model's unit, whatever it is (weeks for the published CDNOW figures, days in the app); purchases
// on the same day count as one transaction.

export interface PurchaseSummary {
  /** x: repeat transactions, i.e. transactions after the first. */
  repeats: number;
  /** t_x: time from the first transaction to the last repeat one (0 without repeats). */
  recency: number;
  /** T: time from the first transaction to the end of the observation period. */
  age: number;
}

export interface CustomerSummary extends PurchaseSummary {
  /** Mean value of the repeat transactions, as a decimal string; null without repeats. */
  meanRepeatValue: string | null;
}

/** Throws a RangeError naming the field when a summary cannot describe a purchase history. */
export function checkSummary(summary: PurchaseSummary): void {
  const { repeats, recency, age } = summary;
  if (!Number.isSafeInteger(repeats) || repeats < 0) throw new RangeError(`repeats must be a whole number >= 0, got ${repeats}.`);
  if (!Number.isFinite(age) || age < 0) throw new RangeError(`age must be a finite number >= 0, got ${age}.`);
  if (!Number.isFinite(recency) || recency < 0 || recency > age) {
    throw new RangeError(`recency must lie between 0 and age (${age}), got ${recency}.`);
  }
  if (repeats === 0 && recency !== 0) throw new RangeError(`recency must be 0 without repeats, got ${recency}.`);
}
