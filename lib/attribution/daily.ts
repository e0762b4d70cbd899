import type { PoolClient } from "pg";
import { decodeCredits, listOf, type TStoredCredits } from "./credit-store";
import { windowsOf, type TAmount, type TOrderCredits } from "./credits";

// What a batch of orders changes in the daily sums (attribution_daily), gathered in memory and
// written as one upsert: the new credits are summed here as they are computed, the old ones
// (read back from attribution_order_credits) taken off, and only the keys the batch touched are
// checked for rows left at zero.
//
// A full recompute adds millions of credits here, so the sums are kept under numeric keys built
// from small ids (group, day, model, flag, window run, basis) rather than joined strings, and a
// credit that holds for a run of windows is summed once and spread over its windows at the end.

type TSums = { ordersMicro: bigint; newCustomerMicro: bigint; revenueMinor: bigint };

/**
 * Running sums in numbers while they are exact integers (below 2^53), which spares a BigInt
 * allocation per addition; a sum that would leave that range goes on in BigInt.
 */
class Sums {
  private orders = 0;
  private newCustomer = 0;
  private revenue = 0;
  private exact: TSums | null = null;

  add(orders: number, newCustomer: number, revenue: TAmount): void {
    if (this.exact === null) {
      if (typeof revenue === "number") {
        const o = this.orders + orders;
        const n = this.newCustomer + newCustomer;
        const r = this.revenue + revenue;
        if (Number.isSafeInteger(o) && Number.isSafeInteger(n) && Number.isSafeInteger(r)) {
          this.orders = o;
          this.newCustomer = n;
          this.revenue = r;
          return;
        }
      }
      this.exact = this.value();
    }
    this.exact.ordersMicro += BigInt(orders);
    this.exact.newCustomerMicro += BigInt(newCustomer);
    this.exact.revenueMinor += BigInt(revenue);
  }

  value(): TSums {
    return this.exact ? { ...this.exact } : { ordersMicro: BigInt(this.orders), newCustomerMicro: BigInt(this.newCustomer), revenueMinor: BigInt(this.revenue) };
  }
}

type TDailyRow = {
  basis: string; day: string; model: string; windowDays: number; paidOnly: boolean; channel: string; platform: string; campaign: string;
} & TSums;

const BASES = ["cash", "accrual"] as const;
// Id ranges: the key is ((((group × DAYS + day) × MODELS + model) × 2 + paid) × WINDOWS + from) × WINDOWS + to) × 2 + basis,
// which stays below 2^53 (an exact integer) with up to 2^20 groups.
const DAYS = 1 << 13;
const MODELS = 1 << 5;
const WINDOWS = 1 << 5;
const GROUPS = 1 << 20;
const COMBINATIONS = MODELS * 2 * WINDOWS * WINDOWS;

/** Small dense ids for the values of one kind, in the order first seen. */
class Ids<T> {
  readonly values: T[] = [];
  private readonly index = new Map<T, number>();
  constructor(private readonly limit: number, private readonly what: string) {}
  of(value: T): number {
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.values.length;
      if (id >= this.limit) throw new Error(`Too many distinct ${this.what} in one attribution recompute (${this.limit}).`);
      this.values.push(value);
      this.index.set(value, id);
    }
    return id;
  }
}

export class DailyChanges {
  private readonly groups = new Ids<string>(GROUPS, "channel, platform and campaign groups");
  private readonly days = new Ids<string>(DAYS, "days");
  private readonly models = new Ids<string>(MODELS, "models");
  private readonly windows = new Ids<number>(WINDOWS, "lookback windows");
  // Two levels: (group, day) outside, (model, flag, window run, basis) inside. An inner key is a
  // small integer, which a Map hashes several times faster than the full key (beyond 2^31), and an
  // order looks its (group, day) maps up once per group rather than once per credit.
  private readonly sums = new Map<number, Map<number, Sums>>();

  /** `conversionType`: the attribution_daily rows these changes go to (order, or deal for won CRM deals). */
  constructor(private readonly conversionType: "order" | "deal" = "order") {}

  /** Adds `sign` times one order's credits, dated at the order's day (cash) and at each touch's day (accrual). */
  addOrder(credits: TOrderCredits, orderDay: string, newCustomer: boolean, sign: 1 | -1): void {
    const orderDayId = this.days.of(orderDay);
    const cash: Map<number, Sums>[] = [];
    const accrual: Map<number, Sums>[] = [];
    for (const g of credits.groups) {
      const group = this.groups.of(`${g.channel}\u001f${g.platform}\u001f${g.campaign}`);
      cash.push(this.inner(group * DAYS + orderDayId));
      accrual.push(this.inner(group * DAYS + this.days.of(g.touchDay)));
    }
    for (const e of credits.entries) {
      const rest = ((this.models.of(e.model) * 2 + (e.paidOnly ? 1 : 0)) * WINDOWS + this.windows.of(e.windowFrom)) * WINDOWS + this.windows.of(e.windowTo);
      const orders = sign * e.ordersMicro;
      const revenue = sign === 1 ? e.revenueMinor : -e.revenueMinor;
      const newCustomerOrders = newCustomer ? orders : 0;
      sumsAt(cash[e.group]!, rest * 2).add(orders, newCustomerOrders, revenue);
      sumsAt(accrual[e.group]!, rest * 2 + 1).add(orders, newCustomerOrders, revenue);
    }
  }

  private inner(groupDay: number): Map<number, Sums> {
    let inner = this.sums.get(groupDay);
    if (!inner) {
      inner = new Map();
      this.sums.set(groupDay, inner);
    }
    return inner;
  }

  /** The changes per daily row (each window of a run gets the run's sums), rows with no change left out. */
  rows(): TDailyRow[] {
    const out = new Map<string, TDailyRow>();
    for (const [groupDay, inner] of this.sums) for (const [restAndBasis, running] of inner) {
      const key = groupDay * COMBINATIONS * 2 + restAndBasis;
      const sums = running.value();
      let k = key;
      const basis = BASES[k % 2]!;
      k = Math.floor(k / 2);
      const to = this.windows.values[k % WINDOWS]!;
      k = Math.floor(k / WINDOWS);
      const from = this.windows.values[k % WINDOWS]!;
      k = Math.floor(k / WINDOWS);
      const paidOnly = k % 2 === 1;
      k = Math.floor(k / 2);
      const model = this.models.values[k % MODELS]!;
      k = Math.floor(k / MODELS);
      const day = this.days.values[k % DAYS]!;
      const [channel, platform, campaign] = this.groups.values[Math.floor(k / DAYS)]!.split("\u001f") as [string, string, string];
      for (const windowDays of windowsOf({ windowFrom: from, windowTo: to })) {
        const rowKey = `${Math.floor(key / 2 / WINDOWS / WINDOWS)}\u001f${basis}\u001f${windowDays}`;
        const row = out.get(rowKey);
        if (row) {
          row.ordersMicro += sums.ordersMicro;
          row.newCustomerMicro += sums.newCustomerMicro;
          row.revenueMinor += sums.revenueMinor;
        } else {
          out.set(rowKey, { basis, day, model, windowDays, paidOnly, channel, platform, campaign, ...sums });
        }
      }
    }
    return [...out.values()].filter((r) => r.ordersMicro !== 0n || r.newCustomerMicro !== 0n || r.revenueMinor !== 0n);
  }

  /** Adds the changes to attribution_daily and deletes the rows they leave at zero. */
  async apply(client: PoolClient, workspaceId: string): Promise<void> {
    const rows = this.rows();
    if (rows.length === 0) return;
    const column = <K extends keyof TDailyRow>(name: K) => rows.map((r) => (typeof r[name] === "bigint" ? r[name].toString() : r[name]));
    const { rows: emptied } = await client.query<{ basis: string; day: string; model: string; window_days: number; paid_only: boolean; channel: string; platform: string; campaign: string }>(
      `WITH changed AS (
         INSERT INTO attribution_daily AS d (workspace_id, conversion_type, basis, day, model, window_days, paid_only, channel, platform, campaign, orders_micro, new_customer_micro, revenue_minor)
         SELECT $1, $13, c.* FROM unnest($2::text[], $3::date[], $4::text[], $5::int[], $6::boolean[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::bigint[]) AS c
         ORDER BY 3, 4, 5, 6, 7, 8, 9, 10
         ON CONFLICT (workspace_id, conversion_type, basis, day, model, window_days, paid_only, channel, platform, campaign) DO UPDATE SET
           orders_micro = d.orders_micro + EXCLUDED.orders_micro,
           new_customer_micro = d.new_customer_micro + EXCLUDED.new_customer_micro,
           revenue_minor = d.revenue_minor + EXCLUDED.revenue_minor
         RETURNING d.*
       )
       SELECT basis, to_char(day, 'YYYY-MM-DD') AS day, model, window_days, paid_only, channel, platform, campaign FROM changed
       WHERE orders_micro = 0 AND new_customer_micro = 0 AND revenue_minor = 0`,
      [
        workspaceId, column("basis"), column("day"), column("model"), column("windowDays"), column("paidOnly"), column("channel"), column("platform"),
        column("campaign"), column("ordersMicro"), column("newCustomerMicro"), column("revenueMinor"), this.conversionType,
      ],
    );
    if (emptied.length === 0) return;
    const key = <K extends keyof (typeof emptied)[number]>(name: K) => emptied.map((r) => r[name]);
    await client.query(
      `DELETE FROM attribution_daily d USING unnest($2::text[], $3::date[], $4::text[], $5::int[], $6::boolean[], $7::text[], $8::text[], $9::text[])
         AS k(basis, day, model, window_days, paid_only, channel, platform, campaign)
       WHERE d.workspace_id = $1 AND d.conversion_type = $10 AND d.basis = k.basis AND d.day = k.day AND d.model = k.model AND d.window_days = k.window_days
         AND d.paid_only = k.paid_only AND d.channel = k.channel AND d.platform = k.platform AND d.campaign = k.campaign
         AND d.orders_micro = 0 AND d.new_customer_micro = 0 AND d.revenue_minor = 0`,
      [workspaceId, key("basis"), key("day"), key("model"), key("window_days"), key("paid_only"), key("channel"), key("platform"), key("campaign"), this.conversionType],
    );
  }
}

function sumsAt(inner: Map<number, Sums>, key: number): Sums {
  let sums = inner.get(key);
  if (!sums) {
    sums = new Sums();
    inner.set(key, sums);
  }
  return sums;
}

/** An order's credits as stored, with the order's day and whether it was a new customer's. */
export type TStoredOrder = { orderDay: string; newCustomer: boolean; credits: TStoredCredits };

const sameValues = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((v, i) => v === b[i]));

/**
 * What replacing an order's old credits by its new ones changes. Models whose credits came out
 * the same (same groups, day and customer) are left out: an hourly recompute finds most credits
 * as they were, and a new fit changes only the data-driven models.
 */
export function replaceCredits(changes: DailyChanges, old: TStoredOrder | undefined, next: (TStoredOrder & { decoded: TOrderCredits }) | undefined): void {
  if (old && next && old.orderDay === next.orderDay && old.newCustomer === next.newCustomer
      && old.credits.g.length === next.credits.g.length && old.credits.g.every((g, i) => sameValues(g, next.credits.g[i]))) {
    const changed = [...new Set([...Object.keys(old.credits.c), ...Object.keys(next.credits.c)])].filter((m) => !sameValues(listOf(old.credits, m), listOf(next.credits, m)));
    if (changed.length === 0) return;
    changes.addOrder(decodeCredits(old.credits, changed), old.orderDay, old.newCustomer, -1);
    const models = new Set(changed);
    changes.addOrder({ groups: next.decoded.groups, entries: next.decoded.entries.filter((e) => models.has(e.model)) }, next.orderDay, next.newCustomer, 1);
    return;
  }
  if (old) changes.addOrder(decodeCredits(old.credits), old.orderDay, old.newCustomer, -1);
  if (next) changes.addOrder(next.decoded, next.orderDay, next.newCustomer, 1);
}
