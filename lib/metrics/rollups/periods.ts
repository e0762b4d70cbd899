import type { PoolClient } from "pg";
import { inTransaction } from "@/lib/db/pool";
import { addDays } from "@/lib/time/zone";
import { PRODUCT_SUMS } from "./breakdowns-sql";
import { weekday } from "./range-split";
import { ROLLUP_FAMILIES, type RollupFamily } from "./rollup-families";

// The week and month rollups (sales_periods with the breakdowns' product_sales_periods,
// product_country_periods and order_sales_periods, ad_periods, sessions_periods), summed from the daily
// rows of the weeks and months a daily rebuild touched, in that rebuild's transaction, which also
// moves the workspace's revision (what cached reports are keyed by). Amounts in the workspace
// currency sum over the period; other currencies keep one row per day, for that day's rate.

type Queryable = Pick<PoolClient, "query">;

type PeriodTable = { daily: string; periods: string; dimensions: string[]; sums: string[]; currency: boolean };

const SALES_SUMS = ["gross_sales", "discounts", "returns", "shipping", "taxes", "cogs", "units_without_cost", "orders", "units"];

const TABLES: Record<RollupFamily, PeriodTable[]> = {
  sales: [
    { daily: "sales_daily", periods: "sales_periods", dimensions: ["channel", "product_group"], sums: SALES_SUMS, currency: true },
    {
      daily: "product_sales_daily",
      periods: "product_sales_periods",
      dimensions: ["channel", "product_key", "variant_key", "product_type", "vendor", "country"],
      sums: PRODUCT_SUMS,
      currency: true,
    },
    { daily: "product_country_daily", periods: "product_country_periods", dimensions: ["product_key", "country"], sums: PRODUCT_SUMS, currency: true },
    {
      daily: "order_sales_daily",
      periods: "order_sales_periods",
      dimensions: ["channel", "sales_channel", "country", "region", "customer_type", "discount_code"],
      sums: SALES_SUMS,
      currency: true,
    },
  ],
  ads: [
    {
      daily: "ad_daily",
      periods: "ad_periods",
      dimensions: ["platform", "channel", "campaign_id"],
      sums: ["spend", "revenue", "impressions", "clicks", "conversions"],
      currency: true,
    },
  ],
  traffic: [{ daily: "sessions_daily", periods: "sessions_periods", dimensions: ["channel"], sums: ["sessions", "users", "bot_sessions"], currency: false }],
};

/**
 * SQL rebuilding one grain of one family over the periods starting $2..$3 (period starts); $4 is
 * the workspace currency.
 */
function rebuildSql(table: PeriodTable, grain: "week" | "month"): string[] {
  const period = `date_trunc('${grain}', d.day)::date`;
  const dims = table.dimensions.map((d) => `d.${d}`);
  const currency = table.currency ? ["d.currency", `CASE WHEN d.currency = $4 THEN ${period} ELSE d.day END`] : [];
  const columns = ["workspace_id", "grain", "period", ...table.dimensions, ...(table.currency ? ["currency", "fx_day"] : []), ...table.sums];
  const keys = [period, ...dims, ...currency];
  return [
    `DELETE FROM ${table.periods} WHERE workspace_id = $1 AND grain = '${grain}' AND period BETWEEN $2::date AND $3::date`,
    `INSERT INTO ${table.periods} (${columns.join(", ")})
     SELECT $1, '${grain}', ${keys.join(", ")}, ${table.sums.map((s) => `sum(d.${s})`).join(", ")}
     FROM ${table.daily} d
     WHERE d.workspace_id = $1 AND d.day >= $2::date AND d.day < ($3::date + interval '1 ${grain}')
     GROUP BY ${keys.map((_, i) => i + 3).join(", ")}`,
  ];
}

const STATEMENTS = new Map(Object.values(TABLES).flat().map((table) => [table, [...rebuildSql(table, "week"), ...rebuildSql(table, "month")]]));

const startOf = (grain: "week" | "month", day: string) => (grain === "month" ? `${day.slice(0, 7)}-01` : addDays(day, -weekday(day)));

async function rebuildPeriods(client: Queryable, workspaceId: string, table: PeriodTable, fromDay: string, toDay: string, currency: string) {
  const [deleteWeeks, insertWeeks, deleteMonths, insertMonths] = STATEMENTS.get(table)!;
  for (const [grain, remove, insert] of [
    ["week", deleteWeeks!, insertWeeks!],
    ["month", deleteMonths!, insertMonths!],
  ] as const) {
    const [first, last] = [startOf(grain, fromDay), startOf(grain, toDay)];
    await client.query(remove, [workspaceId, first, last]);
    await client.query(insert, table.currency ? [workspaceId, first, last, currency] : [workspaceId, first, last]);
  }
}

/** Every day any daily rollup of the workspace holds (null when none). */
async function dailyExtent(client: Queryable, workspaceId: string): Promise<{ fromDay: string; toDay: string } | null> {
  const result = await client.query<{ from_day: string | null; to_day: string | null }>(
    `SELECT to_char(min(day), 'YYYY-MM-DD') AS from_day, to_char(max(day), 'YYYY-MM-DD') AS to_day FROM (
       SELECT min(day) AS day FROM sales_daily WHERE workspace_id = $1 UNION ALL SELECT max(day) FROM sales_daily WHERE workspace_id = $1
       UNION ALL SELECT min(day) FROM ad_daily WHERE workspace_id = $1 UNION ALL SELECT max(day) FROM ad_daily WHERE workspace_id = $1
       UNION ALL SELECT min(day) FROM sessions_daily WHERE workspace_id = $1 UNION ALL SELECT max(day) FROM sessions_daily WHERE workspace_id = $1
     ) x`,
    [workspaceId],
  );
  const row = result.rows[0];
  return row?.from_day && row.to_day ? { fromDay: row.from_day, toDay: row.to_day } : null;
}

/**
 * After daily rollups of fromDay..toDay changed (null: rebuild every period) (in the caller's transaction): rebuilds the weeks
 * and months holding those days and moves the revision. When the period rollups were never built,
 * or were summed in another currency than the workspace's now, every period is rebuilt instead,
 * so a workspace's period rows always share one currency.
 */
export async function refreshPeriodRollups(
  client: Queryable,
  workspaceId: string,
  families: readonly RollupFamily[],
  range: { fromDay: string; toDay: string } | null,
): Promise<void> {
  const state = await client.query<{ currency: string; period_currency: string | null }>(
    `SELECT w.currency, r.period_currency FROM workspaces w LEFT JOIN rollup_revisions r ON r.workspace_id = w.id WHERE w.id = $1`,
    [workspaceId],
  );
  const row = state.rows[0];
  if (!row) return;
  const everything = range === null || row.period_currency !== row.currency;
  const extent = everything ? await dailyExtent(client, workspaceId) : range;
  for (const table of (everything ? ROLLUP_FAMILIES : families).flatMap((family) => TABLES[family])) {
    if (everything) await client.query(`DELETE FROM ${table.periods} WHERE workspace_id = $1`, [workspaceId]);
    if (extent) await rebuildPeriods(client, workspaceId, table, extent.fromDay, extent.toDay, row.currency);
  }
  await client.query(
    `INSERT INTO rollup_revisions (workspace_id, revision, period_currency) VALUES ($1, 1, $2)
     ON CONFLICT (workspace_id) DO UPDATE SET revision = rollup_revisions.revision + 1, period_currency = $2`,
    [workspaceId, row.currency],
  );
}

/**
 * Builds the period rollups of a workspace whose daily ones predate them (or were summed in a
 * currency the workspace no longer has); a no-op once built. Reports read the daily rollups until then.
 */
export async function ensurePeriodRollups(workspaceId: string): Promise<void> {
  await inTransaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('rollups'), hashtext($1))", [workspaceId]);
    const state = await client.query<{ ready: boolean }>(
      `SELECT r.period_currency IS NOT DISTINCT FROM w.currency AS ready FROM workspaces w LEFT JOIN rollup_revisions r ON r.workspace_id = w.id WHERE w.id = $1`,
      [workspaceId],
    );
    if (state.rows[0]?.ready === false) await refreshPeriodRollups(client, workspaceId, ROLLUP_FAMILIES, null);
  });
}
