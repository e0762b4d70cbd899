import { ORDER_PARTS, sharesOf, type TDataDrivenFits, type TJourneyTouch } from "@/lib/attribution/credits";
import { apportionMinor, type AttributionModel, type ModelSettings } from "@/lib/attribution/models";

// What each touchpoint of one order's journey earned under one model and window. The stored
// credits (attribution_order_credits, lib/attribution/credit-store.ts) are summed per channel,
// platform, campaign and day, so the journey shares the order out again per touch, with the same
// functions and the same rounding as the recompute: summed back per channel, platform, campaign and day they equal the stored rows
// exactly, unless the journey changed since the order was last attributed (`sameAsStored`).

const DAY_MS = 86_400_000;

export type TTouchCredit = { ordersMicro: bigint; revenueMinor: bigint };
export type TStoredCredit = { channel: string; platform: string; campaign: string; touchDay: string; ordersMicro: bigint; revenueMinor: bigint };

/** The touches inside the window (not after the order), earliest first, as the recompute keeps them. */
export function touchesInWindow<T extends TJourneyTouch>(touches: readonly T[], orderAt: Date, windowDays: number): T[] {
  const from = orderAt.getTime() - windowDays * DAY_MS;
  return touches.filter((t) => t.at.getTime() >= from && t.at.getTime() <= orderAt.getTime());
}

/**
 * The credit of every touch in `journey` (already cut to the window), in its order; null when the
 * model gives none (a data-driven model not fitted yet). An empty journey gets an empty list.
 */
export function touchCredits(
  order: { at: Date; revenueMinor: bigint },
  journey: readonly TJourneyTouch[],
  model: AttributionModel,
  settings: ModelSettings,
  fits: TDataDrivenFits,
): TTouchCredit[] | null {
  if (journey.length === 0) return [];
  const shares = sharesOf(model, journey, order.at, settings, fits);
  if (!shares) return null;
  const orders = apportionMinor(ORDER_PARTS, shares);
  const revenue = apportionMinor(order.revenueMinor, shares);
  return journey.map((_, i) => ({ ordersMicro: orders[i]!, revenueMinor: revenue[i]! }));
}

const groupKey = (c: { channel: string; platform: string; campaign: string; touchDay: string }) => [c.channel, c.platform, c.campaign, c.touchDay].join("\u001f");

/** Whether the per-touch credits sum to exactly the stored rows of the same model and window. */
export function sameAsStored(journey: readonly TJourneyTouch[], credits: readonly TTouchCredit[], stored: readonly TStoredCredit[]): boolean {
  const sums = new Map<string, TTouchCredit>();
  journey.forEach((touch, i) => {
    const credit = credits[i]!;
    if (credit.ordersMicro === 0n && credit.revenueMinor === 0n) return;
    const key = groupKey({ ...touch, touchDay: touch.day });
    const sum = sums.get(key) ?? { ordersMicro: 0n, revenueMinor: 0n };
    sums.set(key, { ordersMicro: sum.ordersMicro + credit.ordersMicro, revenueMinor: sum.revenueMinor + credit.revenueMinor });
  });
  if (sums.size !== stored.length) return false;
  return stored.every((row) => {
    const sum = sums.get(groupKey(row));
    return sum !== undefined && sum.ordersMicro === row.ordersMicro && sum.revenueMinor === row.revenueMinor;
  });
}
