import {
  ATTRIBUTION_MODELS,
  LOOKBACK_WINDOWS,
  SMALL_LIMIT,
  apportionMinor,
  apportionSmall,
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
//
// Amounts are plain numbers: an order is a million parts, and revenue stays a number up to 2^40
// minor units (beyond that the order's revenue is split and summed in BigInt). A recompute credits
// millions of journeys; a BigInt per part made garbage collection a tenth of its CPU.

const DAY_MS = 86_400_000;
export const ORDER_PARTS = 1_000_000n;
const ORDER_PARTS_NUMBER = Number(ORDER_PARTS);
const SMALL_REVENUE = BigInt(SMALL_LIMIT);
export const LONGEST_WINDOW_DAYS = Math.max(...LOOKBACK_WINDOWS);

export type TJourneyTouch = Touch & { day: string; platform: string; campaign: string };
/** The workspace's stored data-driven fits (./fits.ts); a model without one gives no credit yet. */
export type TDataDrivenFits = { markov?: Pick<MarkovFit, "weights">; shapley?: Pick<ShapleyFit, "weights"> };

/** Where credit lands: the touches of one channel, platform and campaign on one day. */
export type TCreditGroup = { channel: string; platform: string; campaign: string; touchDay: string };

/** Minor units: a number while it is a safe integer, else a BigInt (only for orders beyond 2^40 minor units). */
export type TAmount = number | bigint;

/** The amount as a number when that is exact. */
export const amountOf = (value: bigint): TAmount => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
};

/** a + b, exact. */
export function plus(a: TAmount, b: TAmount): TAmount {
  if (typeof a === "number" && typeof b === "number") {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return amountOf(BigInt(a) + BigInt(b));
}

/** What one group earned under one model and paid-only flag, in every lookback window from `windowFrom` to `windowTo` days (inclusive). */
export type TCreditEntry = {
  model: string;
  paidOnly: boolean;
  windowFrom: number;
  windowTo: number;
  /** An index into the order's groups. */
  group: number;
  /** Millionths of the order. */
  ordersMicro: number;
  revenueMinor: TAmount;
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
  // The touches not after the order, with their times and the index of their group.
  const kept: TJourneyTouch[] = [];
  const times: number[] = [];
  const groupOf: number[] = [];
  for (const touch of touches) {
    const at = touch.at.getTime();
    if (at > end) continue;
    const key = `${touch.channel}\u001f${touch.platform}\u001f${touch.campaign}\u001f${touch.day}`;
    let group = groupIndex.get(key);
    if (group === undefined) {
      group = groups.length;
      groupIndex.set(key, group);
      groups.push({ channel: touch.channel, platform: touch.platform, campaign: touch.campaign, touchDay: touch.day });
    }
    kept.push(touch);
    times.push(at);
    groupOf.push(group);
  }

  const entries: TCreditEntry[] = [];
  for (const paidOnly of [false, true]) {
    // The credits of the latest distinct journey, widened while larger windows keep the same touches.
    let first = entries.length;
    let currentLength = 0;
    for (const windowDays of LOOKBACK_WINDOWS) {
      const from = end - windowDays * DAY_MS;
      let length = 0;
      for (let i = 0; i < kept.length; i++) if (times[i]! >= from && (!paidOnly || kept[i]!.paid)) length++;
      if (length === 0) continue;
      if (length === currentLength) {
        for (let e = first; e < entries.length; e++) entries[e]!.windowTo = windowDays;
        continue;
      }
      const journey: TJourneyTouch[] = [];
      const journeyGroups: number[] = [];
      for (let i = 0; i < kept.length; i++) {
        if (times[i]! >= from && (!paidOnly || kept[i]!.paid)) {
          journey.push(kept[i]!);
          journeyGroups.push(groupOf[i]!);
        }
      }
      first = entries.length;
      currentLength = length;
      addJourneyCredits(entries, order, journey, journeyGroups, groups.length, { paidOnly, windowDays }, settings, fits);
    }
  }
  return { groups, entries };
}

/** Appends every model's credit of one journey, summed per group; groups that earned nothing are left out. */
function addJourneyCredits(
  entries: TCreditEntry[],
  order: { at: Date; revenueMinor: bigint },
  journey: readonly TJourneyTouch[],
  journeyGroups: readonly number[],
  groupCount: number,
  at: { paidOnly: boolean; windowDays: number },
  settings: ModelSettings,
  fits: TDataDrivenFits,
): void {
  const entryOf: (TCreditEntry | undefined)[] = new Array(groupCount);
  const revenueTotal = order.revenueMinor;
  const small = revenueTotal <= SMALL_REVENUE && revenueTotal >= -SMALL_REVENUE;
  // Models often agree (every model gives a journey of one touch all of the order): shares equal
  // to an earlier model's reuse its split.
  const splits: { shares: number[]; orders: number[]; revenue: TAmount[] }[] = [];
  for (const model of ATTRIBUTION_MODELS) {
    const shares = sharesOf(model, journey, order.at, settings, fits);
    if (!shares) continue;
    let split = splits.find((s) => sameNumbers(s.shares, shares));
    if (!split) {
      split = {
        shares,
        orders: apportionSmall(ORDER_PARTS_NUMBER, shares),
        revenue: small ? apportionSmall(Number(revenueTotal), shares) : apportionMinor(revenueTotal, shares).map(amountOf),
      };
      splits.push(split);
    }
    const { orders, revenue } = split;
    entryOf.fill(undefined);
    for (let i = 0; i < journey.length; i++) {
      if (orders[i] === 0 && (revenue[i] === 0 || revenue[i] === 0n)) continue;
      const group = journeyGroups[i]!;
      const entry = entryOf[group];
      if (entry) {
        entry.ordersMicro += orders[i]!;
        entry.revenueMinor = plus(entry.revenueMinor, revenue[i]!);
      } else {
        const created: TCreditEntry = {
          model, paidOnly: at.paidOnly, windowFrom: at.windowDays, windowTo: at.windowDays, group, ordersMicro: orders[i]!, revenueMinor: revenue[i]!,
        };
        entryOf[group] = created;
        entries.push(created);
      }
    }
  }
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
