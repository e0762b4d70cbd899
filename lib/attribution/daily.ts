import type { PoolClient } from "pg";
import type { TOrderCredit } from "./credits";

// What a batch of orders changes in the daily sums (attribution_daily), gathered in memory and
// written as one upsert: the new credits are summed here as they are computed, rather than read
// back from attribution_order_credits and joined to their orders again, and the old credits
// leave in the same upsert. Only the keys the batch touched are checked for rows left at zero.

type TDailyRow = {
  basis: string; day: string; model: string; windowDays: number; paidOnly: boolean; channel: string; platform: string; campaign: string;
  ordersMicro: bigint; newCustomerMicro: bigint; revenueMinor: bigint;
};

export class DailyChanges {
  private readonly rows = new Map<string, TDailyRow>();

  /** Adds `sign` times one credit row, dated at the order's day (cash) and at the touch's day (accrual). */
  add(credit: TOrderCredit, orderDay: string, newCustomer: boolean, sign: 1n | -1n): void {
    for (const [basis, day] of [["cash", orderDay], ["accrual", credit.touchDay]] as const) {
      const key = [basis, day, credit.model, credit.windowDays, credit.paidOnly, credit.channel, credit.platform, credit.campaign].join("\u001f");
      let row = this.rows.get(key);
      if (!row) {
        row = {
          basis, day, model: credit.model, windowDays: credit.windowDays, paidOnly: credit.paidOnly, channel: credit.channel, platform: credit.platform,
          campaign: credit.campaign, ordersMicro: 0n, newCustomerMicro: 0n, revenueMinor: 0n,
        };
        this.rows.set(key, row);
      }
      row.ordersMicro += sign * credit.ordersMicro;
      if (newCustomer) row.newCustomerMicro += sign * credit.ordersMicro;
      row.revenueMinor += sign * credit.revenueMinor;
    }
  }

  /** Adds the changes to attribution_daily and deletes the rows they leave at zero. */
  async apply(client: PoolClient, workspaceId: string): Promise<void> {
    const rows = [...this.rows.values()].filter((r) => r.ordersMicro !== 0n || r.newCustomerMicro !== 0n || r.revenueMinor !== 0n);
    if (rows.length === 0) return;
    const column = <K extends keyof TDailyRow>(name: K) => rows.map((r) => (typeof r[name] === "bigint" ? r[name].toString() : r[name]));
    const { rows: emptied } = await client.query<{ basis: string; day: string; model: string; window_days: number; paid_only: boolean; channel: string; platform: string; campaign: string }>(
      `WITH changed AS (
         INSERT INTO attribution_daily AS d (workspace_id, basis, day, model, window_days, paid_only, channel, platform, campaign, orders_micro, new_customer_micro, revenue_minor)
         SELECT $1, c.* FROM unnest($2::text[], $3::date[], $4::text[], $5::int[], $6::boolean[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::bigint[]) AS c
         ORDER BY 2, 3, 4, 5, 6, 7, 8, 9
         ON CONFLICT (workspace_id, basis, day, model, window_days, paid_only, channel, platform, campaign) DO UPDATE SET
           orders_micro = d.orders_micro + EXCLUDED.orders_micro,
           new_customer_micro = d.new_customer_micro + EXCLUDED.new_customer_micro,
           revenue_minor = d.revenue_minor + EXCLUDED.revenue_minor
         RETURNING d.*
       )
       SELECT basis, to_char(day, 'YYYY-MM-DD') AS day, model, window_days, paid_only, channel, platform, campaign FROM changed
       WHERE orders_micro = 0 AND new_customer_micro = 0 AND revenue_minor = 0`,
      [
        workspaceId, column("basis"), column("day"), column("model"), column("windowDays"), column("paidOnly"), column("channel"), column("platform"),
        column("campaign"), column("ordersMicro"), column("newCustomerMicro"), column("revenueMinor"),
      ],
    );
    if (emptied.length === 0) return;
    const key = <K extends keyof (typeof emptied)[number]>(name: K) => emptied.map((r) => r[name]);
    await client.query(
      `DELETE FROM attribution_daily d USING unnest($2::text[], $3::date[], $4::text[], $5::int[], $6::boolean[], $7::text[], $8::text[], $9::text[])
         AS k(basis, day, model, window_days, paid_only, channel, platform, campaign)
       WHERE d.workspace_id = $1 AND d.basis = k.basis AND d.day = k.day AND d.model = k.model AND d.window_days = k.window_days
         AND d.paid_only = k.paid_only AND d.channel = k.channel AND d.platform = k.platform AND d.campaign = k.campaign
         AND d.orders_micro = 0 AND d.new_customer_micro = 0 AND d.revenue_minor = 0`,
      [workspaceId, key("basis"), key("day"), key("model"), key("window_days"), key("paid_only"), key("channel"), key("platform"), key("campaign")],
    );
  }
}

/** Takes the stored credits of the batch's orders (the attribution_targets table) out of `changes`, on both bases. */
export async function takeOutStoredCredits(client: PoolClient, workspaceId: string, changes: DailyChanges): Promise<void> {
  const { rows } = await client.query<{
    order_day: string; new_customer: boolean; model: TOrderCredit["model"]; window_days: number; paid_only: boolean; channel: string; platform: string;
    campaign: string; touch_day: string; orders_micro: string; revenue_minor: string;
  }>(
    `SELECT to_char(a.order_day, 'YYYY-MM-DD') AS order_day, a.new_customer, c.model, c.window_days, c.paid_only, c.channel, c.platform, c.campaign,
       to_char(c.touch_day, 'YYYY-MM-DD') AS touch_day, sum(c.orders_micro)::text AS orders_micro, sum(c.revenue_minor)::text AS revenue_minor
     FROM attribution_targets t
     JOIN order_attributions a ON a.workspace_id = $1 AND a.connection_id = t.connection_id AND a.order_id = t.order_id
     JOIN attribution_order_credits c ON c.workspace_id = $1 AND c.connection_id = t.connection_id AND c.order_id = t.order_id
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    [workspaceId],
  );
  for (const r of rows) {
    const credit: TOrderCredit = {
      model: r.model, windowDays: r.window_days, paidOnly: r.paid_only, channel: r.channel, platform: r.platform, campaign: r.campaign, touchDay: r.touch_day,
      ordersMicro: BigInt(r.orders_micro), revenueMinor: BigInt(r.revenue_minor),
    };
    changes.add(credit, r.order_day, r.new_customer, -1n);
  }
}
