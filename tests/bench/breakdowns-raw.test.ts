import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { factParams } from "@/lib/metrics/rollups/facts-sql";
import { getMetricSettings } from "@/lib/metrics/settings/store";
import { RAW_PRODUCT_COUNTRY_SQL, RAW_TOP_PRODUCTS_SQL } from "../../bench/breakdowns-raw";
import { breakdownStore, MUG, TEE } from "../metrics/breakdown-fixture";
import { D1, D3 } from "../metrics/store-fixture";

// bench:breakdowns times the report engine against these GROUP BYs over the raw facts; its
// speedup only means something if they count what the rollups count: on the hand-computed store
// of the breakdowns tests, a full refund on its own day and the excluded fee line included.

describe("the raw GROUP BYs of bench:breakdowns", () => {
  it("give the hand-computed net sales by product and by product x country", async () => {
    const { workspaceId } = await breakdownStore();
    const { excludedLineItems } = await getMetricSettings(workspaceId);
    const params = factParams(workspaceId, "America/New_York", D1, D3, excludedLineItems);
    const pool = getPool();

    const top = await pool.query<{ product: string; net_sales: string }>(RAW_TOP_PRODUCTS_SQL, [...params, 50]);
    expect(top.rows.map((r) => [r.product, Number(r.net_sales).toFixed(2)])).toEqual([
      [String(TEE), "61.00"],
      [String(MUG), "42.00"],
    ]);
    const first = await pool.query<{ product: string }>(RAW_TOP_PRODUCTS_SQL, [...params, 1]);
    expect(first.rows.map((r) => r.product)).toEqual([String(TEE)]);

    const cells = await pool.query<{ product: string; country: string; net_sales: string }>(RAW_PRODUCT_COUNTRY_SQL, params);
    expect(new Map(cells.rows.map((r) => [`${r.product}|${r.country}`, Number(r.net_sales).toFixed(2)]))).toEqual(
      new Map([
        [`${TEE}|US`, "61.00"],
        [`${MUG}|US`, "42.00"],
        // Sold 20.00 on D2, refunded in full on D3.
        [`${TEE}|CA`, "0.00"],
      ]),
    );
  });
});
