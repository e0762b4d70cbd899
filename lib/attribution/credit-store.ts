import type { TCreditEntry, TCreditGroup, TOrderCredits } from "./credits";

// How an order's credits are kept in attribution_order_credits: one row per order, its credits in
// one JSON column, so a recompute writes, deletes and reads back one row per order instead of one
// per model, window, flag and group (about 80 an order). Reports never read it (they read
// attribution_daily): it is there so the next recompute can take exactly this order's old
// contribution out of the daily sums, and for the journey page.
//
//   { "g": [[channel, platform, campaign, "YYYY-MM-DD"], ...],
//     "c": { "<model>": [paid (0|1), from window, to window, group index, orders micro, revenue minor, ...] } }
//
// Each model's credits are a flat list of six numbers per credit (JSON parses flat number lists
// fastest). A credit holds for every lookback window from `from` to `to` days. Revenue beyond
// 2^53 minor units is written as a string, so no amount is rounded.

type TStoredGroup = [string, string, string, string];
export type TStoredCredits = { g: TStoredGroup[]; c: Record<string, (number | string)[]> };

const FIELDS = 6;

const jsonAmount = (value: bigint): number | string => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
};

export function encodeCredits(credits: TOrderCredits): TStoredCredits {
  const c: Record<string, (number | string)[]> = {};
  for (const e of credits.entries) {
    (c[e.model] ??= []).push(e.paidOnly ? 1 : 0, e.windowFrom, e.windowTo, e.group, jsonAmount(e.ordersMicro), jsonAmount(e.revenueMinor));
  }
  return { g: credits.groups.map((g) => [g.channel, g.platform, g.campaign, g.touchDay]), c };
}

/** The credits as stored; only those of `models` when given. */
export function decodeCredits(stored: TStoredCredits, models?: readonly string[]): TOrderCredits {
  const groups: TCreditGroup[] = stored.g.map(([channel, platform, campaign, touchDay]) => ({ channel, platform, campaign, touchDay }));
  const entries: TCreditEntry[] = [];
  for (const model of models ?? Object.keys(stored.c)) {
    const flat = stored.c[model] ?? [];
    for (let i = 0; i + FIELDS <= flat.length; i += FIELDS) {
      entries.push({
        model,
        paidOnly: flat[i] === 1,
        windowFrom: Number(flat[i + 1]),
        windowTo: Number(flat[i + 2]),
        group: Number(flat[i + 3]),
        ordersMicro: BigInt(flat[i + 4]!),
        revenueMinor: BigInt(flat[i + 5]!),
      });
    }
  }
  return { groups, entries };
}

/** One model, window and flag's credits of an order, per group: what the journey page checks its touches against. */
export function creditsFor(credits: TOrderCredits, model: string, windowDays: number, paidOnly: boolean): (TCreditGroup & { ordersMicro: bigint; revenueMinor: bigint })[] {
  return credits.entries
    .filter((e) => e.model === model && e.paidOnly === paidOnly && e.windowFrom <= windowDays && windowDays <= e.windowTo)
    .map((e) => ({ ...credits.groups[e.group]!, ordersMicro: e.ordersMicro, revenueMinor: e.revenueMinor }));
}
