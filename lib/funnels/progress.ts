import { createHash } from "node:crypto";
import type { PoolClient } from "pg";
import { getPool, inTransaction } from "@/lib/db/pool";
import { DEFAULT_DEFINITION, ZFunnelDefinitionSchema, type TFunnelDefinition } from "./definition";
import { progressInsertStatement } from "./progress-sql";
import { readsTimes } from "./times-sql";
import { logger } from "@/lib/log";

const log = logger("funnels");

// funnel_progress: per funnel build, unit and local day, how far the unit got from its entry that
// day (progress-sql.ts). Kept for the default funnel and every saved funnel a report can read from
// it; any other funnel, or one whose build is not finished, is read from the event times.
//
// A unit's rows are rewritten whole from the event times whenever they may have changed: the
// event times' rewrite after a drain and a change of a visitor's person (lib/identity/resolve.ts)
// queue the unit in funnel_progress_stale, and the queue is worked off after each drain and
// before a report reads a build. A build is written by a job, in chunks of units, through the
// same rewrite, so a drain between two chunks leaves nothing behind.

/** Units rewritten per transaction while building. */
export const BUILD_CHUNK_UNITS = 50_000;

export type ProgressBuild = {
  id: number;
  state: "building" | "ready";
  done: number;
  total: number;
  /** First day whose rows are complete (retention deleted earlier events); null for all. */
  validFrom: string | null;
};

/** Whether a funnel can be read from progress rows: steps without a filter, counted per visitor, bots left out. */
export const keepsProgress = (definition: TFunnelDefinition, includeBots: boolean): boolean =>
  !includeBots && definition.count_by === "visitor" && readsTimes(definition);

/** What decides the rows: the steps' events, the window, the counting and the breakdown. */
export function progressKey(definition: TFunnelDefinition): string {
  const { steps, window_days, count_by, breakdown } = definition;
  const canonical = JSON.stringify([steps.map((step) => step.event), window_days, count_by, breakdown]);
  return createHash("md5").update(canonical).digest("hex");
}

const lockWorkspace = (client: PoolClient, workspaceId: string) =>
  client.query("SELECT pg_advisory_xact_lock(hashtext('funnel_progress'), hashtext($1))", [workspaceId]);

type BuildRow = { id: number; state: "building" | "ready"; done: number; total: number; valid_from: string | null; definition: unknown };

const BUILD_COLUMNS = "id, state, done, total, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, definition";

const viewOf = (row: BuildRow): ProgressBuild => ({ id: row.id, state: row.state, done: row.done, total: row.total, validFrom: row.valid_from });

/** The workspace's build of a funnel in its current zone, if one was asked for. */
export async function findBuild(workspaceId: string, definition: TFunnelDefinition, timeZone: string): Promise<ProgressBuild | null> {
  const { rows } = await getPool().query<BuildRow>(`SELECT ${BUILD_COLUMNS} FROM funnel_progress_builds WHERE workspace_id = $1 AND key = $2 AND time_zone = $3`, [
    workspaceId,
    progressKey(definition),
    timeZone,
  ]);
  return rows[0] ? viewOf(rows[0]) : null;
}

/** Whether the workspace keeps the funnel: the default one, or a saved one's definition. */
async function isKept(workspaceId: string, key: string): Promise<boolean> {
  return (await keptKeys(workspaceId)).has(key);
}

async function keptKeys(workspaceId: string): Promise<Set<string>> {
  const { rows } = await getPool().query<{ definition: unknown }>("SELECT definition FROM funnels WHERE workspace_id = $1", [workspaceId]);
  const keys = new Set([progressKey(DEFAULT_DEFINITION)]);
  for (const row of rows) {
    const parsed = ZFunnelDefinitionSchema.safeParse(row.definition);
    if (parsed.success && keepsProgress(parsed.data, false)) keys.add(progressKey(parsed.data));
  }
  return keys;
}

/**
 * Asks for a build of a kept funnel that has none in the workspace's zone; returns it, or null for
 * a funnel that is not kept. The caller queues the build job for a new one (`created`).
 */
export async function requestBuild(
  workspaceId: string,
  definition: TFunnelDefinition,
  timeZone: string,
): Promise<{ build: ProgressBuild; created: boolean } | null> {
  if (!keepsProgress(definition, false)) return null;
  const key = progressKey(definition);
  if (!(await isKept(workspaceId, key))) return null;
  return inTransaction(async (client) => {
    await lockWorkspace(client, workspaceId);
    // A build in another zone no longer answers any report.
    await dropBuilds(client, workspaceId, "key = $2 AND time_zone <> $3", [key, timeZone]);
    const inserted = await client.query<BuildRow>(
      `INSERT INTO funnel_progress_builds (workspace_id, key, definition, time_zone) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, key, time_zone) DO NOTHING RETURNING ${BUILD_COLUMNS}`,
      [workspaceId, key, definition, timeZone],
    );
    if (inserted.rows[0]) return { build: viewOf(inserted.rows[0]), created: true };
    const { rows } = await client.query<BuildRow>(`SELECT ${BUILD_COLUMNS} FROM funnel_progress_builds WHERE workspace_id = $1 AND key = $2 AND time_zone = $3`, [
      workspaceId,
      key,
      timeZone,
    ]);
    return { build: viewOf(rows[0]!), created: false };
  });
}

async function dropBuilds(client: PoolClient, workspaceId: string, condition: string, values: unknown[]): Promise<void> {
  const { rows } = await client.query<{ id: number }>(`DELETE FROM funnel_progress_builds WHERE workspace_id = $1 AND ${condition} RETURNING id`, [workspaceId, ...values]);
  if (rows.length === 0) return;
  await client.query("DELETE FROM funnel_progress WHERE workspace_id = $1 AND build_id = ANY($2::int[])", [workspaceId, rows.map((r) => r.id)]);
}

/** Drops the builds of funnels no longer kept (a saved funnel edited or deleted). */
export async function dropUnkeptBuilds(workspaceId: string): Promise<void> {
  const keys = [...(await keptKeys(workspaceId))];
  await inTransaction(async (client) => {
    await lockWorkspace(client, workspaceId);
    await dropBuilds(client, workspaceId, "NOT (key = ANY($2::text[]))", [keys]);
  });
}

/** The browsers that make up the units now: a person's every browser; a browser not resolved to a person. */
async function browsersOf(client: PoolClient, workspaceId: string, units: readonly string[]): Promise<string[]> {
  const persons = units.filter((u) => u.startsWith("p:")).map((u) => u.slice(2));
  const browsers = units.filter((u) => u.startsWith("a:")).map((u) => u.slice(2));
  const { rows } = await client.query<{ anonymous_id: string }>(
    `SELECT anonymous_id FROM visitors WHERE workspace_id = $1 AND person_key = ANY($2::text[])
     UNION
     SELECT a FROM unnest($3::text[]) AS a
     WHERE NOT EXISTS (SELECT 1 FROM visitors v WHERE v.workspace_id = $1 AND v.anonymous_id = a AND v.person_key IS NOT NULL)`,
    [workspaceId, persons, browsers],
  );
  return rows.map((r) => r.anonymous_id);
}

/** Rewrites the units' rows of the given builds from the event times (the caller holds the lock). */
async function rewriteUnits(client: PoolClient, workspaceId: string, builds: readonly { id: number; definition: TFunnelDefinition; timeZone: string }[], units: readonly string[]) {
  if (units.length === 0 || builds.length === 0) return;
  const anonymousIds = await browsersOf(client, workspaceId, units);
  for (const build of builds) {
    await client.query("DELETE FROM funnel_progress WHERE workspace_id = $1 AND build_id = $2 AND unit = ANY($3::text[])", [workspaceId, build.id, [...units]]);
    if (anonymousIds.length > 0) await client.query(progressInsertStatement(workspaceId, build.id, build.timeZone, build.definition, anonymousIds));
  }
}

async function buildsOf(client: PoolClient, workspaceId: string) {
  const { rows } = await client.query<{ id: number; definition: unknown; time_zone: string }>(
    "SELECT id, definition, time_zone FROM funnel_progress_builds WHERE workspace_id = $1 ORDER BY id",
    [workspaceId],
  );
  return rows.map((row) => ({ id: row.id, definition: ZFunnelDefinitionSchema.parse(row.definition), timeZone: row.time_zone }));
}

/** Queues the units of the given browsers (as they resolve now) when the workspace keeps any funnel. */
export async function queueBrowsers(client: PoolClient, workspaceId: string, anonymousIds: readonly string[]): Promise<void> {
  if (anonymousIds.length === 0) return;
  await client.query(
    `INSERT INTO funnel_progress_stale (workspace_id, unit)
     SELECT DISTINCT $1, COALESCE('p:' || v.person_key, 'a:' || a) FROM unnest($2::text[]) AS a
     LEFT JOIN visitors v ON v.workspace_id = $1 AND v.anonymous_id = a
     WHERE EXISTS (SELECT 1 FROM funnel_progress_builds b WHERE b.workspace_id = $1)
     ON CONFLICT (workspace_id, unit) DO UPDATE SET queued_at = EXCLUDED.queued_at`,
    [workspaceId, [...anonymousIds]],
  );
}

/**
 * Queues the units of browsers about to be resolved to other persons (`persons[i]` for
 * `anonymousIds[i]`, null for none): the unit each leaves and the unit each joins. Called in the
 * transaction that changes visitors.person_key, before the change.
 */
export async function queuePersonChanges(client: PoolClient, workspaceId: string, anonymousIds: readonly string[], persons: readonly (string | null)[]): Promise<void> {
  if (anonymousIds.length === 0) return;
  await client.query(
    `INSERT INTO funnel_progress_stale (workspace_id, unit)
     SELECT DISTINCT $1, x.unit FROM unnest($2::text[], $3::text[]) AS n(a, p)
     JOIN visitors v ON v.workspace_id = $1 AND v.anonymous_id = n.a AND v.person_key IS DISTINCT FROM n.p,
     LATERAL (VALUES (COALESCE('p:' || v.person_key, 'a:' || n.a)), (COALESCE('p:' || n.p, 'a:' || n.a))) AS x(unit)
     WHERE EXISTS (SELECT 1 FROM funnel_progress_builds b WHERE b.workspace_id = $1)
     ON CONFLICT (workspace_id, unit) DO UPDATE SET queued_at = EXCLUDED.queued_at`,
    [workspaceId, [...anonymousIds], [...persons]],
  );
}

/**
 * Rewrites every queued unit of the workspace in every build; how many units. The queue's rows are
 * taken first, so a person changed meanwhile waits for this transaction and is queued again.
 */
export async function refreshStaleUnits(workspaceId: string): Promise<number> {
  return inTransaction(async (client) => {
    await lockWorkspace(client, workspaceId);
    const { rows } = await client.query<{ unit: string }>("DELETE FROM funnel_progress_stale WHERE workspace_id = $1 RETURNING unit", [workspaceId]);
    await rewriteUnits(client, workspaceId, await buildsOf(client, workspaceId), rows.map((r) => r.unit));
    return rows.length;
  });
}

/** Whether the workspace has queued units. */
export async function hasStaleUnits(workspaceId: string): Promise<boolean> {
  const { rows } = await getPool().query("SELECT 1 FROM funnel_progress_stale WHERE workspace_id = $1 LIMIT 1", [workspaceId]);
  return rows.length > 0;
}

/** The after-drain consumer: each drained workspace's queue; one failing does not hold back the rest. */
export async function refreshDrainedProgress(drained: readonly { workspaceId: string }[]): Promise<void> {
  for (const { workspaceId } of drained) {
    try {
      await refreshStaleUnits(workspaceId);
    } catch (error) {
      // The units stay queued: the next drain or report works them off.
      log.error("progress not refreshed", { workspaceId, err: error });
    }
  }
}

/** Writes a build's rows, chunk by chunk, then marks it ready. `onChunk` runs after each committed chunk. */
export async function writeBuild(workspaceId: string, buildId: number, onChunk?: (done: number, total: number) => Promise<void>): Promise<boolean> {
  const build = (await inTransaction((client) => buildsOf(client, workspaceId))).find((b) => b.id === buildId);
  if (!build) return false;
  // Every unit that has a step-1 event: persons and browsers not resolved to one.
  const { rows } = await getPool().query<{ unit: string }>(
    `SELECT DISTINCT COALESCE('p:' || v.person_key, 'a:' || e.anonymous_id) AS unit
     FROM (SELECT DISTINCT anonymous_id FROM funnel_event_times WHERE workspace_id = $1 AND event = $2) e
     LEFT JOIN visitors v ON v.workspace_id = $1 AND v.anonymous_id = e.anonymous_id
     ORDER BY 1`,
    [workspaceId, build.definition.steps[0]!.event],
  );
  const units = rows.map((r) => r.unit);
  await getPool().query("UPDATE funnel_progress_builds SET done = 0, total = $3, state = 'building' WHERE workspace_id = $1 AND id = $2", [workspaceId, buildId, units.length]);
  for (let start = 0; start === 0 || start < units.length; start += BUILD_CHUNK_UNITS) {
    const chunk = units.slice(start, start + BUILD_CHUNK_UNITS);
    const done = Math.min(units.length, start + BUILD_CHUNK_UNITS);
    const kept = await inTransaction(async (client) => {
      await lockWorkspace(client, workspaceId);
      // Dropped meanwhile (the funnel was edited or deleted): stop.
      const { rowCount } = await client.query("UPDATE funnel_progress_builds SET done = $3 WHERE workspace_id = $1 AND id = $2", [workspaceId, buildId, done]);
      if (!rowCount) return false;
      await rewriteUnits(client, workspaceId, [build], chunk);
      return true;
    });
    if (!kept) return false;
    await onChunk?.(done, units.length);
  }
  await getPool().query("UPDATE funnel_progress_builds SET state = 'ready', built_at = now() WHERE workspace_id = $1 AND id = $2", [workspaceId, buildId]);
  return true;
}

/** Builds not finished, for a restarted process to take up again. */
export async function unfinishedBuilds(): Promise<{ workspaceId: string; buildId: number }[]> {
  const { rows } = await getPool().query<{ workspace_id: string; id: number }>("SELECT workspace_id, id FROM funnel_progress_builds WHERE state = 'building'");
  return rows.map((r) => ({ workspaceId: r.workspace_id, buildId: r.id }));
}

/** Erasure: the browsers' units lose their rows now, and a person's browsers not erased are queued to be written again. */
export async function eraseProgress(client: PoolClient, workspaceId: string, anonymousIds: readonly string[]): Promise<void> {
  const units = `SELECT 'a:' || a AS unit FROM unnest($2::text[]) AS a
    UNION SELECT 'p:' || person_key FROM visitors WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]) AND person_key IS NOT NULL`;
  await client.query(`DELETE FROM funnel_progress WHERE workspace_id = $1 AND unit IN (${units})`, [workspaceId, [...anonymousIds]]);
  // Only a person with browsers left is queued: one erased whole leaves no key behind.
  await client.query(
    `INSERT INTO funnel_progress_stale (workspace_id, unit)
     SELECT DISTINCT $1, 'p:' || v.person_key FROM visitors v
     WHERE v.workspace_id = $1 AND v.anonymous_id = ANY($2::text[]) AND v.person_key IS NOT NULL
       AND EXISTS (SELECT 1 FROM visitors o WHERE o.workspace_id = $1 AND o.person_key = v.person_key AND o.anonymous_id <> ALL($2::text[]))
     ON CONFLICT (workspace_id, unit) DO UPDATE SET queued_at = EXCLUDED.queued_at`,
    [workspaceId, [...anonymousIds]],
  );
}

/**
 * Retention: the events before the cutoff are gone, so an entry day before the cutoff's next
 * local day can no longer be told; those rows go and reports starting earlier read the event times.
 */
export async function trimProgress(client: PoolClient, workspaceId: string, cutoff: string): Promise<void> {
  const { rows } = await client.query<{ id: number; valid_from: string }>(
    `UPDATE funnel_progress_builds SET valid_from = GREATEST(valid_from, ((($2::timestamp AT TIME ZONE 'UTC') AT TIME ZONE time_zone)::date + 1))
     WHERE workspace_id = $1 RETURNING id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from`,
    [workspaceId, cutoff],
  );
  for (const row of rows) {
    await client.query("DELETE FROM funnel_progress WHERE workspace_id = $1 AND build_id = $2 AND day < $3::date", [workspaceId, row.id, row.valid_from]);
  }
}
