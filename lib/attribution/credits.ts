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
// platform, campaign, touch day). Pure. Orders are split in millionths and revenue in minor
// units, both by largest remainder (apportionMinor), so each order's parts sum to exactly one
// order and exactly its revenue.
//
// Windows are nested, so a window that keeps the same touches as the next smaller one gives the
// same credit: the shares are worked out once per distinct journey, and each credit names the run
// of windows it holds for (most journeys fall inside a few days, so one credit usually stands for
// several windows). That is also how they are stored (credit-store.ts).

const DAY_MS = 86_400_000;
export const ORDER_PARTS = 1_000_000n;
export const LONGEST_WINDOW_DAYS = Math.max(...LOOKBACK_WINDOWS);

export type TJourneyTouch = Touch & { day: string; platform: string; campaign: string };
/** The workspace's stored data-driven fits (./fits.ts); a model without one gives no credit yet. */
export type TDataDrivenFits = { markov?: Pick<MarkovFit, "weights">; shapley?: Pick<ShapleyFit, "weights"> };

/** Where credit lands: the touches of one channel, platform and campaign on one day. */
export type TCreditGroup = { channel: string; platform: string; campaign: string; touchDay: string };

/** What one group earned under one model and paid-only flag, in every lookback window from `windowFrom` to `windowTo` days (inclusive). */
export type TCreditEntry = {
  model: string;
  paidOnly: boolean;
  windowFrom: number;
  windowTo: number;
  /** An index into the order's groups. */
  group: number;
  ordersMicro: bigint;
  revenueMinor: bigint;
};

export type TOrderCredits = { groups: TCreditGroup[]; entries: TCreditEntry[] };

/** The lookback windows a credit holds for. */
export const windowsOf = (entry: Pick<TCreditEntry, "windowFrom" | "windowTo">): number[] =>
  LOOKBACK_WINDOWS.filter((w) => w >= entry.windowFrom && w <= entry.windowTo);

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
): TOrderCredits {
  const end = order.at.getTime();
  const groups: TCreditGroup[] = [];
  const groupIndex = new Map<string, number>();
  // Each touch with the index of its group, for the touches not after the order.
  const placed: { touch: TJourneyTouch; group: number }[] = [];
  for (const touch of touches) {
    if (touch.at.getTime() > end) continue;
    const key = `${touch.channel}\u001f${touch.platform}\u001f${touch.campaign}\u001f${touch.day}`;
    let group = groupIndex.get(key);
    if (group === undefined) {
      group = groups.length;
      groupIndex.set(key, group);
      groups.push({ channel: touch.channel, platform: touch.platform, campaign: touch.campaign, touchDay: touch.day });
    }
    placed.push({ touch, group });
  }

  const entries: TCreditEntry[] = [];
  for (const paidOnly of [false, true]) {
    const kept = paidOnly ? placed.filter((p) => p.touch.paid) : placed;
    // The credits of the latest distinct journey, widened while larger windows keep the same touches.
    let current: TCreditEntry[] = [];
    let currentLength = 0;
    for (const windowDays of LOOKBACK_WINDOWS) {
      const from = end - windowDays * DAY_MS;
      const inWindow = kept.filter((p) => p.touch.at.getTime() >= from);
      if (inWindow.length === 0) continue;
      if (inWindow.length === currentLength) {
        for (const entry of current) entry.windowTo = windowDays;
        continue;
      }
      current = journeyCredits(order, inWindow, groups.length, settings, fits).map((c) => ({ ...c, paidOnly, windowFrom: windowDays, windowTo: windowDays }));
      currentLength = inWindow.length;
      entries.push(...current);
    }
  }
  return { groups, entries };
}

/** Every model's credit of one journey, summed per group; groups that earned nothing are left out. */
function journeyCredits(
  order: { at: Date; revenueMinor: bigint },
  placed: readonly { touch: TJourneyTouch; group: number }[],
  groupCount: number,
  settings: ModelSettings,
  fits: TDataDrivenFits,
): Pick<TCreditEntry, "model" | "group" | "ordersMicro" | "revenueMinor">[] {
  const journey = placed.map((p) => p.touch);
  const out: Pick<TCreditEntry, "model" | "group" | "ordersMicro" | "revenueMinor">[] = [];
  for (const model of ATTRIBUTION_MODELS) {
    const shares = sharesOf(model, journey, order.at, settings, fits);
    if (!shares) continue;
    const orders = apportionMinor(ORDER_PARTS, shares);
    const revenue = apportionMinor(order.revenueMinor, shares);
    const sums: ({ ordersMicro: bigint; revenueMinor: bigint } | undefined)[] = new Array(groupCount);
    const credited: number[] = [];
    placed.forEach(({ group }, i) => {
      if (orders[i] === 0n && revenue[i] === 0n) return;
      const sum = sums[group];
      if (sum) {
        sum.ordersMicro += orders[i]!;
        sum.revenueMinor += revenue[i]!;
      } else {
        sums[group] = { ordersMicro: orders[i]!, revenueMinor: revenue[i]! };
        credited.push(group);
      }
    });
    for (const group of credited) out.push({ model, group, ...sums[group]! });
  }
  return out;
}
