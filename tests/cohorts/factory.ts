import { getPool } from "@/lib/db/pool";

// Rows written straight into the derived tables a cohort report reads, so the report's own logic
// is tested on hand-chosen numbers (the end-to-end tests build them from orders).

export type CellInput = {
  grain?: "week" | "month" | "quarter";
  segment?: string;
  value?: string;
  cohort: string;
  offset: number;
  customers?: number;
  active: number;
  orders: number;
  repeaters?: number;
  net: string;
  profit: string;
  unconverted?: number;
};

export async function insertCells(workspaceId: string, cells: CellInput[]): Promise<void> {
  for (const c of cells) {
    await getPool().query(
      `INSERT INTO cohort_cells (workspace_id, grain, segment, segment_value, cohort, period_offset, customers, active_customers,
         orders, new_repeaters, net_sales, gross_profit, unconverted_events)
       VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10, $11::numeric, $12::numeric, $13)`,
      [
        workspaceId, c.grain ?? "month", c.segment ?? "all", c.value ?? "all", c.cohort, c.offset, c.customers ?? 0, c.active,
        c.orders, c.repeaters ?? 0, c.net, c.profit, c.unconverted ?? 0,
      ],
    );
  }
}

export async function insertSpend(workspaceId: string, day: string, spend: string, opts: { platform?: string; channel?: string; currency?: string } = {}) {
  await getPool().query(
    `INSERT INTO ad_daily (workspace_id, day, platform, channel, campaign_id, currency, spend, revenue, impressions, clicks, conversions)
     VALUES ($1, $2::date, $3, $4, 'c1', $5, $6::numeric, 0, 0, 0, 0)`,
    [workspaceId, day, opts.platform ?? "google_ads", opts.channel ?? "google", opts.currency ?? "USD", spend],
  );
}

export async function insertRate(day: string, base: string, quote: string, rate: string) {
  await getPool().query(
    `INSERT INTO exchange_rates (day, base, quote, rate, source) VALUES ($1::date, $2, $3, $4::numeric, 'test') ON CONFLICT DO NOTHING`,
    [day, base, quote, rate],
  );
}

export type ProfileInput = { firstDay: string; channel?: string; groups?: string[]; products?: string[]; codes?: string[]; net365: string };

let profileSeq = 0;

/** Customers straight into customer_profiles, with only what LTV drivers read filled in meaningfully. */
export async function insertProfiles(workspaceId: string, profiles: ProfileInput[]): Promise<void> {
  for (const p of profiles) {
    profileSeq += 1;
    await getPool().query(
      `INSERT INTO customer_profiles (workspace_id, customer_key, store_ids, first_connection_id, first_order_id, first_order_at, first_day,
         first_channel, first_products, first_product_titles, first_groups, first_discount_codes, tags, orders, net_sales, gross_profit,
         net_sales_90, net_sales_180, net_sales_365, last_order_at, last_day)
       VALUES ($1, $2, '{}', 'conn', $3, $4::date, $4::date, $5, $6, $6, $7, $8, '{}', 1, $9::numeric, 0, 0, 0, $9::numeric, $4::date, $4::date)`,
      [workspaceId, `c:test:${profileSeq}`, profileSeq, p.firstDay, p.channel ?? "direct", p.products ?? [], p.groups ?? [], p.codes ?? [], p.net365],
    );
  }
}
