import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";
import { runReport } from "@/lib/metrics/report/run";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { saveMetricSettings } from "@/lib/metrics/settings/store";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { expectAppError } from "../helpers";
import { D1, D2, D3, line, order, setup } from "./store-fixture";

const money = (value: string) => formatDecimal(parseDecimal(value));

const rebuild = (workspaceId: string, range: { fromDay: string; toDay: string }) => rebuildRollups(workspaceId, range);

const BASE = ["gross_sales", "discounts", "returns", "shipping", "taxes", "orders", "units", "new_customers", "returning_customers"];

/** The period's base metrics, as the reports API computes them from the rollups. */
async function salesTotals(workspaceId: string, range: { fromDay: string; toDay: string }, metrics = BASE) {
  const report = await runReport(workspaceId, { date_from: range.fromDay, date_to: range.toDay, metrics });
  return report.totals as Record<string, string | number | null>;
}

async function customerRows(workspaceId: string) {
  const result = await getPool().query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, channel, to_char(previous_day, 'YYYY-MM-DD') AS previous_day, customers
     FROM customer_daily WHERE workspace_id = $1 ORDER BY day, channel, previous_day`,
    [workspaceId],
  );
  return result.rows;
}

async function rows(workspaceId: string) {
  const result = await getPool().query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, channel, product_group, currency, gross_sales, discounts, returns, shipping, taxes,
            orders, units
     FROM sales_daily WHERE workspace_id = $1 ORDER BY day, channel`,
    [workspaceId],
  );
  return result.rows.map((r) => ({
    day: r.day, channel: r.channel, group: r.product_group, currency: r.currency,
    gross: money(r.gross_sales), discounts: money(r.discounts), returns: money(r.returns), shipping: money(r.shipping), taxes: money(r.taxes),
    orders: r.orders, units: r.units,
  }));
}

const row = (day: string, channel: string, values: Partial<Awaited<ReturnType<typeof rows>>[number]>) => ({
  day, channel, group: "all", currency: "USD",
  gross: "0.00", discounts: "0.00", returns: "0.00", shipping: "0.00", taxes: "0.00", orders: 0, units: 0,
  ...values,
});

// Transaction basis (the default): returns, refunded shipping and refunded tax on the refund's day.
const TRANSACTION_ROWS = [
  // D1: B (google) and C (direct, 23:59:59 local).
  row(D1, "direct", { gross: "37.50", shipping: "5.00", taxes: "3.00", orders: 1, units: 3 }),
  row(D1, "google", { gross: "60.00", discounts: "6.00", shipping: "4.99", taxes: "4.32", orders: 1, units: 2 }),
  // D2: G fee-only (direct: tax only), F cancelled + refunded (facebook), D at 00:00 local (google).
  row(D2, "direct", { taxes: "0.60" }),
  // shipping 5.00 - 5.00 = 0.00; taxes 2.40 - 2.40 = 0.00
  row(D2, "facebook", { gross: "30.00", returns: "30.00", orders: 1, units: 1 }),
  row(D2, "google", { gross: "99.99", discounts: "10.00", taxes: "7.20", orders: 1, units: 1 }),
  // D3: H (google, 502 again: returning that day) and B's refund (27.00 returned, 4.99 shipping, 2.16 tax).
  row(D3, "google", { gross: "20.00", returns: "27.00", shipping: "-4.99", taxes: "-2.16", orders: 1, units: 1 }),
];

describe("sales rollup", () => {
  it("rolls facts into local days per channel, following the sales definitions", async () => {
    const workspaceId = await setup();
    await rebuild(workspaceId, { fromDay: D1, toDay: D3 });
    expect(await rows(workspaceId)).toEqual(TRANSACTION_ROWS);
    // One row per customer and day, keyed by the day of their previous order (the day itself when new):
    // D1 502 and 503 new; D2 501 (last ordered 2025-12-01) and 505 new; D3 502 again (last on D1).
    expect(await customerRows(workspaceId)).toEqual([
      { day: D1, channel: "direct", previous_day: D1, customers: 1 },
      { day: D1, channel: "google", previous_day: D1, customers: 1 },
      { day: D2, channel: "facebook", previous_day: D2, customers: 1 },
      { day: D2, channel: "google", previous_day: "2025-12-01", customers: 1 },
      { day: D3, channel: "google", previous_day: D1, customers: 1 },
    ]);

    // Rebuilding is idempotent, and a narrower rebuild leaves the other days alone.
    await rebuild(workspaceId, { fromDay: D1, toDay: D3 });
    await rebuild(workspaceId, { fromDay: D2, toDay: D2 });
    expect(await rows(workspaceId)).toEqual(TRANSACTION_ROWS);
  });

  it("sums the rollup into totals and computes metrics from them", async () => {
    const workspaceId = await setup();
    await rebuild(workspaceId, { fromDay: D1, toDay: D3 });
    const totals = await salesTotals(workspaceId, { fromDay: D1, toDay: D3 });
    // gross     = 60.00 + 37.50 + 99.99 + 30.00 + 20.00              = 247.49
    // discounts = 6.00 + 10.00                                       =  16.00
    // returns   = 30.00 (F) + 27.00 (B)                              =  57.00
    // shipping  = 4.99 + 5.00 + 5.00 (F) - 5.00 (F) - 4.99 (B)       =   5.00
    // taxes     = 4.32 + 3.00 + 7.20 + 2.40 + 0.60 - 2.40 - 2.16     =  12.96
    // orders B, C, D, F, H = 5; units 2 + 3 + 1 + 1 + 1 = 8
    // new: 502, 503, 505 = 3; returning: 501 only (502's first order is inside the period) = 1
    expect(totals).toEqual({
      gross_sales: "247.49", discounts: "16.00", returns: "57.00", shipping: "5.00", taxes: "12.96",
      orders: 5, units: 8, new_customers: 3, returning_customers: 1,
    });

    const metrics = ["gross_sales", "net_sales", "total_sales", "aov", "repeat_rate", "orders", "units", "roas", "mer", "cac", "conversion_rate", "cpc", "cpm", "ctr", "cpa", "cogs", "gross_profit"];
    expect(await salesTotals(workspaceId, { fromDay: D1, toDay: D3 }, metrics)).toEqual({
      gross_sales: "247.49",
      net_sales: "174.49", // 247.49 - 16.00 - 57.00
      total_sales: "192.45", // 174.49 + 5.00 + 12.96
      aov: "46.30", // (247.49 - 16.00) / 5 = 231.49 / 5 = 46.298, in cents
      repeat_rate: "0.2500", // 1 / (3 + 1)
      orders: 5,
      units: 8,
      // No ad spend, sessions, clicks, impressions or conversions: every ratio over them is n/a.
      roas: null, mer: null, conversion_rate: null, cpc: null, cpm: null, ctr: null, cpa: null,
      cac: "0.00", // 0.00 spend / 3 new customers: a real zero, not n/a
      cogs: "0.00", // no line has a unit cost
      gross_profit: "174.49",
    });
  });

  it("counts a customer as returning in a period when their first order came before it", async () => {
    const workspaceId = await setup();
    await rebuild(workspaceId, { fromDay: D1, toDay: D3 });
    // D3 alone: 502 ordered (H) and first ordered on D1, so returning; nobody new.
    expect(await salesTotals(workspaceId, { fromDay: D3, toDay: D3 })).toMatchObject({ orders: 1, new_customers: 0, returning_customers: 1 });
    // D2 alone: 501 returning (first order 2025-12-01), 505 new; 506 only bought a fee.
    expect(await salesTotals(workspaceId, { fromDay: D2, toDay: D2 })).toMatchObject({ orders: 2, new_customers: 1, returning_customers: 1 });
  });

  it("puts returns on the order's day under the order-date basis", async () => {
    const workspaceId = await setup();
    await saveMetricSettings(workspaceId, { excludedLineItems: [{ field: "title", value: "Shipping Fee" }], revenueBasis: "order_date" });
    await rebuild(workspaceId, { fromDay: D1, toDay: D3 });
    const byKey = new Map((await rows(workspaceId)).map((r) => [`${r.day} ${r.channel}`, r]));
    // B's refund moves to D1: returns 27.00; shipping 4.99 - 4.99 = 0.00; taxes 4.32 - 2.16 = 2.16.
    expect(byKey.get(`${D1} google`)).toEqual(row(D1, "google", { gross: "60.00", discounts: "6.00", returns: "27.00", shipping: "0.00", taxes: "2.16", orders: 1, units: 2 }));
    expect(byKey.get(`${D3} google`)).toEqual(row(D3, "google", { gross: "20.00", orders: 1, units: 1 }));
    // Over the whole range the sums are the same as under the transaction basis.
    const totals = await salesTotals(workspaceId, { fromDay: D1, toDay: D3 });
    expect([totals.returns, totals.shipping, totals.taxes]).toEqual(["57.00", "5.00", "12.96"]);
    // D3 alone has no returns any more.
    expect((await salesTotals(workspaceId, { fromDay: D3, toDay: D3 })).returns).toBe("0.00");
  });

  it("follows the workspace's exclusion rules", async () => {
    const workspaceId = await setup();
    // No exclusions: the fee lines are sales, and G (fee only) is an order of customer 506.
    await saveMetricSettings(workspaceId, { excludedLineItems: [], revenueBasis: "transaction_date" });
    await rebuild(workspaceId, { fromDay: D1, toDay: D3 });
    const totals = await salesTotals(workspaceId, { fromDay: D1, toDay: D3 });
    // gross 247.49 + 7.50 (B's fee) + 7.50 (G) = 262.49; returns 57.00 + 7.50 (B's fee refunded) = 64.50
    expect({ gross: totals.gross_sales, returns: totals.returns, orders: totals.orders, units: totals.units, new: totals.new_customers })
      .toEqual({ gross: "262.49", returns: "64.50", orders: 6, units: 10, new: 4 });

    // Excluding by SKU (any case) drops the "Alpha" lines: D (99.99 - 10.00) and H (20.00).
    await saveMetricSettings(workspaceId, { excludedLineItems: [{ field: "sku", value: "sku-alpha" }, { field: "title", value: "shipping fee" }], revenueBasis: "transaction_date" });
    await rebuild(workspaceId, { fromDay: D1, toDay: D3 });
    const without = await salesTotals(workspaceId, { fromDay: D1, toDay: D3 });
    // gross 247.49 - 99.99 - 20.00 = 127.50; discounts 16.00 - 10.00 = 6.00; orders B, C, F = 3
    expect({ gross: without.gross_sales, discounts: without.discounts, orders: without.orders }).toEqual({ gross: "127.50", discounts: "6.00", orders: 3 });
  });

  it("keeps workspaces apart and rejects bad ranges", async () => {
    const workspaceId = await setup();
    const other = await seedWorkspace((await seedUser()).id);
    await rebuild(workspaceId, { fromDay: D1, toDay: D3 });
    await rebuild(other.id, { fromDay: D1, toDay: D3 });
    expect(await rows(other.id)).toEqual([]);
    expect(await salesTotals(other.id, { fromDay: D1, toDay: D3 })).toMatchObject({ gross_sales: "0.00", orders: 0 });
    expect(await rows(workspaceId)).toHaveLength(6);

    // A second store selling in Danish kroner (a currency without bundled sample rates): its sales get rows of their own, converted at the day's
    // rate in reports; without a rate the report says so instead of adding euros to dollars.
    const krone = await db.connection.create({
      data: { workspaceId, provider: "shopify", externalAccountId: "krone-store.myshopify.com", displayName: "Krone store", credentials: "-" },
    });
    await upsertOrderBundles({ workspaceId, connectionId: krone.id }, [
      order(2001, "2026-01-09T15:00:00Z", { currency: "DKK", presentmentCurrency: "DKK" }, [line(2001, "Alpha", 1, "10.00")]),
    ]);
    await rebuild(workspaceId, { fromDay: D1, toDay: D3 });
    expect((await rows(workspaceId)).filter((r) => r.currency === "DKK")).toEqual([
      { ...row(D1, "direct", { gross: "10.00", orders: 1, units: 1 }), currency: "DKK" },
    ]);
    await expectAppError(salesTotals(workspaceId, { fromDay: D1, toDay: D3 }), "conflict");
    // A rate published two days before D1 still applies (weekends and holidays have none).
    await getPool().query(
      `INSERT INTO exchange_rates (day, base, quote, rate, source) VALUES ('2026-01-07', 'DKK', 'USD', 0.1452345678, 'test')
       ON CONFLICT (base, quote, day) DO UPDATE SET rate = EXCLUDED.rate`,
    );
    const converted = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["gross_sales", "orders"] });
    // 10.00 DKK x 0.1452345678 = 1.452345678 -> 1.4523; 247.49 + 1.4523 = 248.9423, shown in cents.
    expect(converted.totals).toEqual({ gross_sales: "248.94", orders: 6 });
    expect(converted.warnings.join(" ")).toContain("DKK");

    await expectAppError(rebuild(workspaceId, { fromDay: D3, toDay: D1 }), "bad_request");
    await expectAppError(rebuild(workspaceId, { fromDay: "2026-02-30", toDay: D3 }), "bad_request");
    await expectAppError(salesTotals("no-such-workspace", { fromDay: D1, toDay: D3 }), "not_found");
    await expectAppError(salesTotals(workspaceId, { fromDay: D3, toDay: D1 }), "bad_request");
  });
});
