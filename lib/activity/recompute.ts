import type { PoolClient } from "pg";
import { inTransaction } from "@/lib/db/pool";
import { addDays, localDate, startOfLocalDay } from "@/lib/time/zone";
import { afterActivityRecomputed } from "./after-recompute";
import { decayFactor, horizonDays } from "./decay";
import { eventWeights } from "./event-types";
import { PASS_LIMIT, takePending } from "./queue";
import {
  deleteGoneSql,
  HISTORY_SQL,
  KEPT_LEVELS_SQL,
  pointsSql,
  QUANTILE_LEVELS_SQL,
  QUANTILE_RANKS_SQL,
  RFM_CUTS_SQL,
  RFM_SQL,
  ROWS_SQL,
  THRESHOLD_LEVELS_SQL,
  UPSERT_SQL,
} from "./recompute-sql";
import { getActivitySettings, type TActivitySettings } from "./settings";

// One recompute pass of a workspace's activity: everyone (nightly, after a settings change or a
// customers rebuild) or the persons whose events arrived (after an ingest batch). Both run the
// same statements, the second restricted to its persons, so an incremental pass writes what a
// full one would for them. Everyone else's score only decays, which readers apply in closed form.

export type TRecomputeResult = { day: string; persons: number; written: number; removed: number; changed: string[] | "all" };

/** Scores everyone (`persons` "all") or the persons named, as of `now`'s local day, then runs the after-recompute seam. */
export async function recomputeActivity(workspaceId: string, persons: readonly string[] | "all", now = new Date()): Promise<TRecomputeResult> {
  const keys = persons === "all" ? null : [...new Set(persons)].sort();
  if (keys && keys.length === 0) return NOTHING;
  const settings = await getActivitySettings(workspaceId);
  const result = await inTransaction((client) => recomputeIn(client, workspaceId, settings, keys, now));
  if (result) await afterActivityRecomputed(workspaceId, result.changed, now);
  return result ?? NOTHING;
}

/** One incremental pass over the persons waiting in activity_pending (at most PASS_LIMIT); `more` when some still wait. */
export async function recomputePending(workspaceId: string, now = new Date()): Promise<TRecomputeResult & { more: boolean }> {
  const settings = await getActivitySettings(workspaceId);
  const result = await inTransaction(async (client) => {
    const keys = await takePending(client, workspaceId, PASS_LIMIT);
    return keys.length === 0 ? null : recomputeIn(client, workspaceId, settings, keys.sort(), now);
  });
  if (result) await afterActivityRecomputed(workspaceId, result.changed, now);
  return { ...(result ?? NOTHING), more: (result?.persons ?? 0) >= PASS_LIMIT };
}

const WORK_MEM = "64MB";

const NOTHING: TRecomputeResult = { day: "", persons: 0, written: 0, removed: 0, changed: [] };

async function recomputeIn(client: PoolClient, workspaceId: string, settings: TActivitySettings, keys: string[] | null, now: Date): Promise<TRecomputeResult | null> {
  const zone = await client.query<{ time_zone: string }>("SELECT time_zone FROM workspaces WHERE id = $1", [workspaceId]);
  const timeZone = zone.rows[0]?.time_zone;
  if (!timeZone) return null;
  const day = localDate(now, timeZone);
  const horizon = horizonDays(settings.halfLifeDays);
  // The local midnights from the horizon's first day to the day after `day`, and the factor of
  // each age: the points statement looks both up rather than converting and decaying per row.
  const midnights = Array.from({ length: horizon + 2 }, (_, i) => startOfLocalDay(addDays(day, i - horizon), timeZone));
  const factors = Array.from({ length: horizon + 1 }, (_, age) => decayFactor(age, settings.halfLifeDays));
  const weights = eventWeights(settings.weights);
  const w = settings.weights;
  // One pass of a workspace at a time: the nightly and an incremental one would race on history.
  await client.query("SELECT pg_advisory_xact_lock(hashtext('activity:' || $1))", [workspaceId]);
  // The RFM sorts and a full pass's joins hold a row per customer or event: with the default
  // 4 MB they spill to disk on a large workspace.
  await client.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
  await client.query(pointsSql(keys !== null), [
    workspaceId, midnights.map(utcText), factors, utcText(midnights[0]!), utcText(midnights[horizon + 1]!), weights.names, weights.weights,
    w.session_start, w.purchase, w.email_click, w.link_click, keys,
  ]);
  await client.query(RFM_CUTS_SQL, [workspaceId, keys === null]);
  await client.query(RFM_SQL, [workspaceId, keys]);
  await client.query(ROWS_SQL);
  const changed = new Set<string>();
  if (settings.levelMode === "thresholds") {
    await client.query(THRESHOLD_LEVELS_SQL, [settings.highCut, settings.mediumCut]);
  } else {
    await client.query(QUANTILE_RANKS_SQL, [workspaceId, day, settings.halfLifeDays, keys]);
    await client.query(QUANTILE_LEVELS_SQL, [settings.highCut, settings.mediumCut]);
    if (keys) {
      const moved = await client.query<{ person_key: string }>(KEPT_LEVELS_SQL, [settings.highCut, settings.mediumCut, workspaceId, day, settings.halfLifeDays]);
      for (const row of moved.rows) changed.add(row.person_key);
    }
  }
  await client.query(HISTORY_SQL, [workspaceId, day]);
  const written = await client.query(UPSERT_SQL, [workspaceId, day]);
  const removed = await client.query<{ person_key: string }>(deleteGoneSql(keys !== null), keys ? [workspaceId, keys] : [workspaceId]);
  if (removed.rows.length > 0) {
    await client.query("DELETE FROM person_activity_history WHERE workspace_id = $1 AND person_key = ANY($2::text[])", [workspaceId, removed.rows.map((r) => r.person_key)]);
  }
  for (const key of keys ?? []) changed.add(key);
  return {
    day,
    persons: keys ? keys.length : written.rowCount ?? 0,
    written: written.rowCount ?? 0,
    removed: removed.rowCount ?? 0,
    changed: keys ? [...changed].sort() : "all",
  };
}

/** Timestamps are stored as UTC without a zone. */
function utcText(at: Date): string {
  return at.toISOString().replace("T", " ").replace("Z", "");
}
