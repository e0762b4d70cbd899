import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { salesTableFor } from "@/lib/metrics/report/dimensions";
import { runReport } from "@/lib/metrics/report/run";
import { factParams } from "@/lib/metrics/rollups/facts-sql";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { getMetricSettings } from "@/lib/metrics/settings/store";
import { addDays, localDate } from "@/lib/time/zone";
import { RAW_PRODUCT_COUNTRY_SQL, RAW_TOP_PRODUCTS_SQL } from "../../bench/breakdowns-raw";
import { breakdownStore, TEE } from "./breakdown-fixture";
import { demoWorkspace } from "./demo-workspace";
import { D3 } from "./store-fixture";

// product_country_daily (and its weeks and months) is product_sales_daily summed over variant and
// channel: the rollup a product or product x country question reads. It must never say anything
// the wide rollup, or the raw facts, would not.

const SUMS = "sum(gross_sales)::text, sum(discounts)::text, sum(returns)::text, sum(cogs)::text, sum(units_without_cost)::text, sum(units)::text, sum(units_returned)::text";

/** Rows of the narrow rollup missing from the wide one summed, and the other way round (exact decimals, as text). */
async function mismatches(workspaceId: string): Promise<number> {
  const pool = getPool();
  const daily = `SELECT day, product_key, country, currency, ${SUMS} FROM %s WHERE workspace_id = $1 GROUP BY 1, 2, 3, 4`;
  const periods = `SELECT grain, period, fx_day, product_key, country, currency, ${SUMS} FROM %s WHERE workspace_id = $1 GROUP BY 1, 2, 3, 4, 5, 6`;
  let count = 0;
  for (const [shape, narrow, wide] of [
    [daily, "product_country_daily", "product_sales_daily"],
    [periods, "product_country_periods", "product_sales_periods"],
  ] as const) {
    const [a, b] = [shape.replace("%s", narrow), shape.replace("%s", wide)];
    const { rows } = await pool.query<{ n: string }>(`SELECT (SELECT count(*) FROM (${a} EXCEPT ${b}) x) + (SELECT count(*) FROM (${b} EXCEPT ${a}) y) AS n`, [workspaceId]);
    count += Number(rows[0]!.n);
  }
  return count;
}

const rowCount = async (table: string, workspaceId: string) =>
  Number((await getPool().query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table} WHERE workspace_id = $1`, [workspaceId])).rows[0]!.n);

describe("the product x country rollup", () => {
  it("is chosen for product and product x country questions that split and filter by nothing else", () => {
    expect(salesTableFor(["product"])).toBe("product_country_daily");
    expect(salesTableFor(["product", "country"])).toBe("product_country_daily");
    expect(salesTableFor(["country", "product"])).toBe("product_country_daily");
    // Whatever names a variant, channel, product type or vendor needs the wide rollup.
    expect(salesTableFor(["product", "channel"])).toBe("product_sales_daily");
    expect(salesTableFor(["product", "variant"])).toBe("product_sales_daily");
    expect(salesTableFor(["product_type"])).toBe("product_sales_daily");
    expect(salesTableFor(["vendor", "country"])).toBe("product_sales_daily");
    // Order-level questions keep the order rollup.
    expect(salesTableFor(["country"])).toBe("order_sales_daily");
  });

  it("holds product_sales_daily summed over variant and channel, by day, week and month, after a backfill and after a range is rebuilt", async () => {
    const workspace = await demoWorkspace("America/New_York");
    const [narrow, wide] = [await rowCount("product_country_daily", workspace.id), await rowCount("product_sales_daily", workspace.id)];
    expect(narrow).toBeGreaterThan(0);
    expect(narrow).toBeLessThan(wide);
    expect(await rowCount("product_country_periods", workspace.id)).toBeGreaterThan(0);
    expect(await mismatches(workspace.id)).toBe(0);

    // A rebuild of some days (as a sync's) deletes and writes their rows and their weeks' and months' again.
    const today = localDate(new Date(), workspace.timeZone);
    await rebuildRollups(workspace.id, { fromDay: addDays(today, -40), toDay: addDays(today, -20) });
    expect(await mismatches(workspace.id)).toBe(0);
    expect(await rowCount("product_country_daily", workspace.id)).toBe(narrow);
  }, 120_000);

  it("gives the raw facts' net sales by product x country and for the top products, as the wide rollup does", async () => {
    const workspace = await demoWorkspace("America/New_York");
    const { excludedLineItems } = await getMetricSettings(workspace.id);
    const today = localDate(new Date(), workspace.timeZone);
    const pool = getPool();
    // Two years (mostly month and week rows) and the last 30 days.
    for (const [from, to] of [
      [addDays(today, -730), addDays(today, -1)],
      [addDays(today, -30), addDays(today, -1)],
    ] as const) {
      const params = factParams(workspace.id, workspace.timeZone, from, to, excludedLineItems);
      const range = { date_from: from, date_to: to, metrics: ["net_sales"] };

      const cells = await runReport(workspace.id, { ...range, group_by: "product,country" });
      const raw = await pool.query<{ product: string; country: string; net_sales: string }>(RAW_PRODUCT_COUNTRY_SQL, params);
      expect(raw.rows.length).toBeGreaterThan(10);
      expect(new Set(raw.rows.map((r) => r.country)).size).toBeGreaterThan(1);
      expect(new Map(cells.rows.map((r) => [r.key, r.values.net_sales]))).toEqual(
        new Map(raw.rows.map((r) => [`${r.product}|${r.country}`, Number(r.net_sales).toFixed(2)])),
      );

      const top = await runReport(workspace.id, { ...range, group_by: "product" });
      const rawTop = await pool.query<{ product: string; net_sales: string }>(RAW_TOP_PRODUCTS_SQL, [...params, 10]);
      expect(top.rows.slice(0, 10).map((r) => [r.key, r.values.net_sales])).toEqual(rawTop.rows.map((r) => [r.product, Number(r.net_sales).toFixed(2)]));

      // The same question asked of the wide rollup (a filter naming every channel): the same rows.
      const channels = (await pool.query<{ channel: string }>("SELECT DISTINCT channel FROM product_sales_daily WHERE workspace_id = $1", [workspace.id])).rows;
      const wide = await runReport(workspace.id, { ...range, group_by: "product,country", filters: { channel: channels.map((c) => c.channel) } });
      expect(wide.rows.map((r) => [r.key, r.values.net_sales])).toEqual(cells.rows.map((r) => [r.key, r.values.net_sales]));
      expect(wide.totals).toEqual(cells.totals);
    }
  }, 120_000);

  it("compares today's products with yesterday's until the same minute", async () => {
    const { workspaceId } = await breakdownStore();
    // O2 (the Tee to Canada) was placed at 10:00 on D2: not yet at 10:00 on D3, by 10:01 it was.
    const today = (now: string) =>
      runReport(workspaceId, { date_from: D3, date_to: D3, metrics: ["gross_sales"], group_by: "product,country", compare: "previous_period", period: "today" }, { now: new Date(now) });
    const teeInCanada = (report: Awaited<ReturnType<typeof today>>) => report.rows.find((r) => r.key === `${TEE}|CA`)?.compare?.gross_sales;
    expect(teeInCanada(await today("2026-01-11T15:00:30Z"))).toBe("0.00");
    expect(teeInCanada(await today("2026-01-11T15:01:30Z"))).toBe("20.00");
  });
});
