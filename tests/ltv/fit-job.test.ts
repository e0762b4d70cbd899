import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { localJobsSettled, runLocalJob } from "@/lib/jobs/local";
import { fitWorkspaceModel } from "@/lib/ltv/fit-workspace";
import { HOLDOUT_DAYS } from "@/lib/ltv/holdout";
import { fitLtvModelJob } from "@/lib/ltv/jobs";
import { summarizePurchases } from "@/lib/ltv/model";
import { fitJob } from "@/lib/ltv/request";
import { scheduleLtvFitsJob } from "@/lib/ltv/schedule-job";
import { summarizeCustomers } from "@/lib/ltv/summaries";
import { queueRollupRebuild, runRollupRebuild } from "@/lib/metrics/rollups/rebuild-jobs";
import { addDays } from "@/lib/time/zone";
import { generateOrders, purchasesByCustomer, storeWithOrders } from "./factory";

// The fit job end to end on real orders: ingest, the rollup rebuild (customer_events), then the
// SQL summaries, the fit, predictions on every profile, the backtest and the stored model.

const FROM = "2025-01-01";
const TO = "2026-06-30";
const NOW = new Date(`${TO}T18:00:00Z`);

const profiles = (workspaceId: string) =>
  getPool().query<{ customer_key: string; first_day: string; p_active: number | null; expected_orders_365: number | null; predicted_90: string | null; predicted_365: string | null; predicted_ltv_12m: string | null; net_sales_365: string; predicted_at: Date | null }>(
    `SELECT customer_key, to_char(first_day, 'YYYY-MM-DD') AS first_day, p_active, expected_orders_365, predicted_90::text, predicted_365::text,
            predicted_ltv_12m::text, net_sales_365::text, predicted_at
     FROM customer_profiles WHERE workspace_id = $1 ORDER BY customer_key`,
    [workspaceId],
  ).then((r) => r.rows);

describe("the LTV fit on a workspace's own orders", () => {
  it("summarises each customer in SQL as the model's own summariser does from the orders", async () => {
    const orders = generateOrders({ seed: 11, customers: 60, from: FROM, to: TO });
    const { workspace, connectionId } = await storeWithOrders(orders, { from: FROM, to: TO });
    const cut = "2026-02-15";
    const sql = await summarizeCustomers(workspace.id, cut, TO);
    const expected = [...purchasesByCustomer(orders, connectionId)]
      .map(([key, purchases]) => ({ key, summary: summarizePurchases(purchases, cut, 7) }))
      .filter((c) => c.summary !== null);
    expect(sql.length).toBe(expected.length);
    expect(expected.some((c) => c.summary!.repeats > 0)).toBe(true);
    const byKey = new Map(sql.map((c) => [c.key, c]));
    for (const { key, summary } of expected) {
      const got = byKey.get(key)!;
      expect(got.summary.repeats, key).toBe(summary!.repeats);
      expect(got.summary.recency, key).toBeCloseTo(summary!.recency, 10);
      expect(got.summary.age, key).toBeCloseTo(summary!.age, 10);
      if (summary!.meanRepeatValue === null) expect(got.summary.meanRepeatValue).toBeNull();
      else expect(Number(got.summary.meanRepeatValue)).toBeCloseTo(Number(summary!.meanRepeatValue), 4);
    }
    // What each did after the cut-off: order days and their net sales, counted from the orders.
    for (const [key, purchases] of purchasesByCustomer(orders, connectionId)) {
      const got = byKey.get(key);
      if (!got) continue;
      const after = purchases.filter((p) => p.day > cut);
      expect(got.holdoutOrders, key).toBe(new Set(after.map((p) => p.day)).size);
      expect(Number(got.holdoutNet), key).toBeCloseTo(after.reduce((s, p) => s + Number(p.amount), 0), 2);
    }
  });

  it("fits, predicts every customer, keeps the backtest and the cohorts' predicted LTV", async () => {
    const orders = generateOrders({ seed: 5, customers: 500, from: FROM, to: TO });
    const { workspace, connectionId } = await storeWithOrders(orders, { from: FROM, to: TO });

    const outcome = await fitWorkspaceModel(workspace.id, { now: NOW });
    const model = await db.ltvModel.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(outcome.status, model.reason ?? "").toBe("fitted");
    expect(outcome.customers).toBe(new Set(orders.map((o) => o.customer)).size);

    expect(model).toMatchObject({ status: "fitted", reason: null, customers: outcome.customers, calibrationEnd: new Date(`${TO}T00:00:00Z`) });
    const parameters = model.parameters as Record<string, number>;
    for (const name of ["r", "alpha", "a", "b", "p", "q", "gamma"]) expect(Number.isFinite(parameters[name]) && parameters[name]! > 0, name).toBe(true);

    const rows = await profiles(workspace.id);
    expect(rows.length).toBe(outcome.customers);
    for (const row of rows) {
      expect(row.p_active).toBeGreaterThan(0);
      expect(row.p_active).toBeLessThanOrEqual(1);
      expect(row.predicted_at).not.toBeNull();
      expect(Number(row.predicted_365)).toBeGreaterThanOrEqual(Number(row.predicted_90));
      const windowOver = addDays(row.first_day, 365) <= TO;
      // Actual when the first year is over; otherwise what is in so far plus a prediction.
      if (windowOver) expect(row.predicted_ltv_12m).toBe(row.net_sales_365);
      else expect(Number(row.predicted_ltv_12m)).toBeGreaterThan(Number(row.net_sales_365));
    }

    // Cohorts: every month with customers, the mean of its customers' predicted 12-month LTV.
    const cohorts = model.cohorts as { cohort: string; customers: number; predicted: string }[];
    const byMonth = new Map<string, number[]>();
    for (const row of rows) byMonth.set(`${row.first_day.slice(0, 7)}-01`, [...(byMonth.get(`${row.first_day.slice(0, 7)}-01`) ?? []), Number(row.predicted_ltv_12m)]);
    expect(cohorts.map((c) => c.cohort)).toEqual([...byMonth.keys()].sort());
    for (const c of cohorts) {
      const values = byMonth.get(c.cohort)!;
      expect(c.customers).toBe(values.length);
      expect(Number(c.predicted)).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 1);
    }

    // Backtest: fitted before the last 90 days, the actual side counted from the orders themselves.
    const backtest = model.backtest as Record<string, unknown> & { status: string; overall: Record<string, number | string>; deciles: Record<string, number | string>[] };
    expect(backtest.status).toBe("done");
    const cut = addDays(TO, -HOLDOUT_DAYS);
    expect(backtest).toMatchObject({ cut_off: cut, holdout_from: addDays(cut, 1), holdout_to: TO, holdout_days: HOLDOUT_DAYS });
    const known = [...purchasesByCustomer(orders, connectionId).values()].filter((p) => p.some((x) => x.day <= cut));
    const holdout = known.flatMap((p) => p.filter((x) => x.day > cut));
    const holdoutDays = known.reduce((n, p) => n + new Set(p.filter((x) => x.day > cut).map((x) => x.day)).size, 0);
    expect(backtest.overall.customers).toBe(known.length);
    expect(backtest.overall.actual_orders).toBe(holdoutDays);
    expect(Number(backtest.overall.actual_revenue)).toBeCloseTo(holdout.reduce((s, x) => s + Number(x.amount), 0), 2);
    expect(backtest.deciles).toHaveLength(10);
    expect(backtest.deciles.reduce((n, d) => n + (d.customers as number), 0)).toBe(known.length);
    expect(backtest.deciles.reduce((n, d) => n + (d.actual_orders as number), 0)).toBe(holdoutDays);
    // Ranked by predicted value: the top tenth is predicted more than the bottom one.
    expect(Number(backtest.deciles[0]!.predicted_revenue)).toBeGreaterThan(Number(backtest.deciles[9]!.predicted_revenue));
    expect(backtest.mape).toEqual({ orders: expect.any(Number), revenue: expect.any(Number) });
    expect(backtest.decile_calibration).toEqual({ orders: expect.any(Number), revenue: expect.any(Number) });
  }, 120_000);

  it("says why when there is too little data, and clears predictions left from an earlier fit", async () => {
    const orders = generateOrders({ seed: 3, customers: 25, from: FROM, to: TO });
    const { workspace } = await storeWithOrders(orders, { from: FROM, to: TO });
    await getPool().query("UPDATE customer_profiles SET p_active = 0.5, predicted_ltv_12m = 10, predicted_at = now() WHERE workspace_id = $1", [workspace.id]);

    const outcome = await fitWorkspaceModel(workspace.id, { now: NOW });
    expect(outcome).toMatchObject({ status: "not_enough_data", customers: 25 });
    const model = await db.ltvModel.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(model.reason).toMatch(/at least 100 customers; there are 25/);
    expect(model.parameters).toBeNull();
    expect(model.backtest).toBeNull();
    for (const row of await profiles(workspace.id)) expect([row.p_active, row.predicted_ltv_12m, row.predicted_at]).toEqual([null, null, null]);
  });

  it("runs as a job, nightly for workspaces with customers, and after a whole-workspace rebuild", async () => {
    const orders = generateOrders({ seed: 8, customers: 30, from: FROM, to: TO });
    const { workspace } = await storeWithOrders(orders, { from: FROM, to: TO });
    expect(await runLocalJob(fitLtvModelJob, fitJob(workspace.id))).toBe("done");
    const first = await db.ltvModel.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(first.status).toBe("not_enough_data");

    expect(await runLocalJob(scheduleLtvFitsJob, { workspaceId: workspace.id })).toBe("done");
    await localJobsSettled();
    const nightly = await db.ltvModel.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(nightly.fittedAt.getTime()).toBeGreaterThan(first.fittedAt.getTime());

    const queued = await queueRollupRebuild(workspace.id, "Revenue basis changed");
    expect((await runRollupRebuild(workspace.id, queued!.rebuild.id, { chunkDays: 400 })).status).toBe("succeeded");
    await localJobsSettled();
    const rebuilt = await db.ltvModel.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(rebuilt.fittedAt.getTime()).toBeGreaterThan(nightly.fittedAt.getTime());
  }, 60_000);
});


