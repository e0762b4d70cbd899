import type { TAmount, TCreditEntry, TCreditGroup, TOrderCredits } from "./credits";

// How an order's credits are kept in attribution_order_credits: one row per order, its credits in
// one JSON column, so a recompute writes, deletes and reads back one row per order instead of one
// per model, window, flag and group (about 80 an order). Reports never read it (they read
// attribution_daily): it is there so the next recompute can take exactly this order's old
// contribution out of the daily sums, and for the journey page.
//
//   { "g": [[channel, platform, campaign, "YYYY-MM-DD"], ...],
//     "c": { "<model>": [paid (0|1), from window, to window, group index, orders micro, revenue minor, ...] | "<earlier model>" } }
//
// Each model's credits are a flat list of six numbers per credit (JSON parses flat number lists
// fastest). A credit holds for every lookback window from `from` to `to` days. Revenue beyond
// 2^53 minor units is written as a string, so no amount is rounded. A model whose credits are
// exactly an earlier model's (in the order written) names that model instead: models agree on
// every journey of one touch, and on many others, so most orders store far fewer lists.

type TStoredGroup = [string, string, string, string];
export type TStoredCredits = { g: TStoredGroup[]; c: Record<string, (number | string)[] | string> };

const FIELDS = 6;

// Amounts are numbers whenever those are exact (credits.ts), so a BigInt is written as a string.
const jsonAmount = (value: TAmount): number | string => (typeof value === "number" ? value : value.toString());

const sameList = (a: readonly (number | string)[], b: readonly (number | string)[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export function encodeCredits(credits: TOrderCredits): TStoredCredits {
  const lists: Record<string, (number | string)[]> = {};
  for (const e of credits.entries) {
    (lists[e.model] ??= []).push(e.paidOnly ? 1 : 0, e.windowFrom, e.windowTo, e.group, e.ordersMicro, jsonAmount(e.revenueMinor));
  }
  const c: TStoredCredits["c"] = {};
  const written: string[] = [];
  for (const [model, list] of Object.entries(lists)) {
    const same = written.find((earlier) => sameList(lists[earlier]!, list));
    if (same === undefined) written.push(model);
    c[model] = same ?? list;
  }
  return { g: credits.groups.map((g) => [g.channel, g.platform, g.campaign, g.touchDay]), c };
}

/** A model's credit list, following a reference to an earlier model's. */
export function listOf(stored: TStoredCredits, model: string): (number | string)[] | undefined {
  const value = stored.c[model];
  return typeof value === "string" ? (stored.c[value] as (number | string)[] | undefined) : value;
}

/** The credits as stored; only those of `models` when given. */
export function decodeCredits(stored: TStoredCredits, models?: readonly string[]): TOrderCredits {
  const groups: TCreditGroup[] = stored.g.map(([channel, platform, campaign, touchDay]) => ({ channel, platform, campaign, touchDay }));
  const entries: TCreditEntry[] = [];
  for (const model of models ?? Object.keys(stored.c)) {
    const flat = listOf(stored, model) ?? [];
    for (let i = 0; i + FIELDS <= flat.length; i += FIELDS) {
      entries.push({
        model,
        paidOnly: flat[i] === 1,
        windowFrom: Number(flat[i + 1]),
        windowTo: Number(flat[i + 2]),
        group: Number(flat[i + 3]),
        ordersMicro: Number(flat[i + 4]),
        revenueMinor: typeof flat[i + 5] === "string" ? BigInt(flat[i + 5]!) : (flat[i + 5] as number),
      });
    }
  }
  return { groups, entries };
}

/** One model, window and flag's credits of an order, per group: what the journey page checks its touches against. */
export function creditsFor(credits: TOrderCredits, model: string, windowDays: number, paidOnly: boolean): (TCreditGroup & { ordersMicro: bigint; revenueMinor: bigint })[] {
  return credits.entries
    .filter((e) => e.model === model && e.paidOnly === paidOnly && e.windowFrom <= windowDays && windowDays <= e.windowTo)
    .map((e) => ({ ...credits.groups[e.group]!, ordersMicro: BigInt(e.ordersMicro), revenueMinor: BigInt(e.revenueMinor) }));
}
