import {
  ATTRIBUTION_MODELS,
  LOOKBACK_WINDOWS,
  apportionMinor,
  markovCredits,
  ruleCredits,
  shapleyCredits,
  type AttributionModel,
  type MarkovFit,
  type ModelSettings,
  type ShapleyFit,
  type Touch,
} from "./models";

// One order's credit under every model, lookback window and paid-only flag, summed per (channel,
// platform, campaign, touch day): the rows attribution_order_credits keeps. Pure. Orders are
// split in millionths and revenue in minor units, both by largest remainder (apportionMinor), so
// each order's parts sum to exactly one order and exactly its revenue.

const DAY_MS = 86_400_000;
export const ORDER_PARTS = 1_000_000n;
export const LONGEST_WINDOW_DAYS = Math.max(...LOOKBACK_WINDOWS);

export type TJourneyTouch = Touch & { day: string; platform: string; campaign: string };
/** The workspace's stored data-driven fits (./fits.ts); a model without one gives no credit yet. */
export type TDataDrivenFits = { markov?: Pick<MarkovFit, "weights">; shapley?: Pick<ShapleyFit, "weights"> };

export type TOrderCredit = {
  model: AttributionModel;
  windowDays: number;
  paidOnly: boolean;
  channel: string;
  platform: string;
  campaign: string;
  touchDay: string;
  ordersMicro: bigint;
  revenueMinor: bigint;
};

/** Each touch's share of the order under `model`; null for a data-driven model the workspace has no fit for yet. */
export function sharesOf(model: AttributionModel, touches: readonly TJourneyTouch[], orderAt: Date, settings: ModelSettings, fits: TDataDrivenFits): number[] | null {
  if (model === "markov") return fits.markov ? markovCredits(fits.markov, touches) : null;
  if (model === "shapley") return fits.shapley ? shapleyCredits(fits.shapley, touches) : null;
  return ruleCredits(model, touches, orderAt, settings);
}

/** Credits of one order under every model. `touches` are the journey's, earliest first, none after the order. */
export function orderCredits(
  order: { at: Date; revenueMinor: bigint },
  touches: readonly TJourneyTouch[],
  settings: ModelSettings,
  fits: TDataDrivenFits = {},
): TOrderCredit[] {
  const rows = new Map<string, TOrderCredit>();
  for (const windowDays of LOOKBACK_WINDOWS) {
    const from = order.at.getTime() - windowDays * DAY_MS;
    const inWindow = touches.filter((t) => t.at.getTime() >= from && t.at.getTime() <= order.at.getTime());
    for (const paidOnly of [false, true]) {
      const journey = paidOnly ? inWindow.filter((t) => t.paid) : inWindow;
      if (journey.length === 0) continue;
      for (const model of ATTRIBUTION_MODELS) {
        const shares = sharesOf(model, journey, order.at, settings, fits);
        if (!shares) continue;
        const orders = apportionMinor(ORDER_PARTS, shares);
        const revenue = apportionMinor(order.revenueMinor, shares);
        journey.forEach((touch, i) => {
          if (orders[i] === 0n && revenue[i] === 0n) return;
          const key = [model, windowDays, paidOnly, touch.channel, touch.platform, touch.campaign, touch.day].join("\u001f");
          const row = rows.get(key);
          if (row) {
            row.ordersMicro += orders[i]!;
            row.revenueMinor += revenue[i]!;
          } else {
            rows.set(key, {
              model, windowDays, paidOnly, channel: touch.channel, platform: touch.platform, campaign: touch.campaign, touchDay: touch.day,
              ordersMicro: orders[i]!, revenueMinor: revenue[i]!,
            });
          }
        });
      }
    }
  }
  return [...rows.values()];
}
