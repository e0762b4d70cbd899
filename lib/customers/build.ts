import type { PoolClient } from "pg";
import { collectAffected } from "./identity";
import { INSERT_EVENTS_SQL } from "./events-sql";
import { INSERT_PROFILES_SQL } from "./profiles-sql";
import { ADD_CONTRIBUTIONS_SQL, APPLY_DELTA_SQL, CREATE_DELTA_SQL, DROP_EMPTY_SQL } from "./cohort-cells-sql";

// Keeps customer_events, customer_profiles and cohort_cells in step with the store facts. Run by
// the sales rollup for the days it recomputes (lib/metrics/rollups/rollup.ts), in its
// transaction: dirty days, a settings change's rebuild and a time zone change all reach it.
// Everyone touching those days is recomputed whole (all their orders, any date), since one new
// order can move a person's first order, cohort and every offset after it.

export type CustomerBuildContext = {
  workspaceId: string;
  timeZone: string;
  currency: string;
  revenueBasis: string;
  /** Exclusion matchers and product group rules, as JSON (what the sales rollup uses). */
  matchers: string;
  groups: string;
};

const ANALYZE_FROM_PEOPLE = 2_000;

/** Recomputes the people of the local days in `ranges` (inclusive); returns how many. */
export async function refreshCustomers(client: PoolClient, ctx: CustomerBuildContext, ranges: readonly { fromDay: string; toDay: string }[]): Promise<number> {
  if (ranges.length === 0) return 0;
  const ws = ctx.workspaceId;
  const affected = await collectAffected(client, ws, ctx.timeZone, ranges);
  if (affected === 0) return 0;

  await client.query(CREATE_DELTA_SQL);
  await client.query(ADD_CONTRIBUTIONS_SQL, [ws, -1]);
  // The people's events and profiles go (an order still filed under a key the closure did not
  // reach goes too, so it cannot collide), to be rebuilt from the facts.
  await client.query(
    `WITH by_key AS (
       DELETE FROM customer_events e USING affected_keys k WHERE e.workspace_id = $1 AND e.customer_key = k.customer_key
     ), by_order AS (
       DELETE FROM customer_events e USING affected_customers a, orders o
       WHERE o.workspace_id = $1 AND o.connection_id = a.connection_id AND o.customer_id = a.customer_id
         AND e.workspace_id = $1 AND e.connection_id = o.connection_id AND e.order_id = o.external_id
     ), gone AS (
       DELETE FROM customer_profiles p USING affected_keys k WHERE p.workspace_id = $1 AND p.customer_key = k.customer_key
       RETURNING p.customer_key, p.p_active, p.expected_orders_365, p.predicted_90, p.predicted_180, p.predicted_365, p.predicted_ltv_12m, p.predicted_at
     )
     INSERT INTO kept_predictions SELECT * FROM gone WHERE predicted_at IS NOT NULL`,
    [ws],
  );
  await client.query(INSERT_EVENTS_SQL, [ws, ctx.timeZone, ctx.revenueBasis, ctx.currency, ctx.matchers]);
  // A refresh of many people (a backfill, a rebuild) reads back rows this transaction wrote, which
  // the statistics do not know of yet: with an empty table's estimates the planner joins a million
  // events by nested loops. Small refreshes (a webhook's few people) skip the cost.
  if (affected >= ANALYZE_FROM_PEOPLE) await client.query("ANALYZE customer_events");
  await client.query(INSERT_PROFILES_SQL, [ws, ctx.groups, ctx.matchers]);
  if (affected >= ANALYZE_FROM_PEOPLE) await client.query("ANALYZE customer_profiles");
  // Predictions belong to the last fit (lib/ltv), which the next fit replaces: a person who just
  // ordered keeps theirs until then rather than showing none.
  await client.query(
    `UPDATE customer_profiles p SET p_active = k.p_active, expected_orders_365 = k.expected_orders_365, predicted_90 = k.predicted_90,
       predicted_180 = k.predicted_180, predicted_365 = k.predicted_365, predicted_ltv_12m = k.predicted_ltv_12m, predicted_at = k.predicted_at
     FROM kept_predictions k WHERE p.workspace_id = $1 AND p.customer_key = k.customer_key`,
    [ws],
  );
  await client.query(ADD_CONTRIBUTIONS_SQL, [ws, 1]);
  // Their activity (purchases, RFM) is recomputed by lib/activity's next pass over waiting
  // persons; a key that no longer has a profile is dropped by the nightly full pass.
  await client.query(
    `INSERT INTO activity_pending (workspace_id, person_key)
     SELECT $1, k.customer_key FROM affected_keys k
     WHERE EXISTS (SELECT 1 FROM customer_profiles p WHERE p.workspace_id = $1 AND p.customer_key = k.customer_key)
     ON CONFLICT DO NOTHING`,
    [ws],
  );
  await client.query(APPLY_DELTA_SQL, [ws]);
  await client.query(DROP_EMPTY_SQL, [ws]);
  return affected;
}
