import crypto from "node:crypto";
import { getPool, utc } from "@/lib/db/pool";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";

// Rows as the drain, sessionisation, identity and the customers build leave them, written
// directly so each test states exactly the activity it scores.

export async function activityWorkspace(timeZone = "America/New_York") {
  const owner = await seedUser();
  return seedWorkspace(owner.id, { timeZone });
}

/** A visitor resolved to `personKey`, or known only by a member id (personKey null). */
export async function visitor(workspaceId: string, anonymousId: string, personKey: string | null) {
  await getPool().query(
    `INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at, person_key, identified_at)
     VALUES ($1, $2, '2026-01-01', '2026-01-01', $3, '2026-01-01')`,
    [workspaceId, anonymousId, personKey],
  );
}

export async function anonymousVisitor(workspaceId: string, anonymousId: string) {
  await getPool().query(
    "INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at) VALUES ($1, $2, '2026-01-01', '2026-01-01')",
    [workspaceId, anonymousId],
  );
}

export async function trackedEvent(workspaceId: string, anonymousId: string, event: string, at: string, isBot = false) {
  await getPool().query(
    `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source, is_bot)
     VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, $5, '{}', '{}', 'browser', $6)`,
    [workspaceId, crypto.randomUUID(), event, utc(new Date(at)), anonymousId, isBot],
  );
}

export async function trackedSession(workspaceId: string, anonymousId: string, at: string, isBot = false) {
  await getPool().query(
    `INSERT INTO tracked_sessions (workspace_id, id, anonymous_id, started_at, ended_at, day, channel, device, event_count, page_views, engaged_ms, is_bot)
     VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, $4::date, 'direct', 'desktop', 1, 1, 0, $5)`,
    [workspaceId, crypto.randomUUID(), anonymousId, utc(new Date(at)), isBot],
  );
}

/** A counted order of the person (customer_events), as the customers build files it. */
export async function orderEvent(workspaceId: string, customerKey: string, at: string) {
  await getPool().query(
    `INSERT INTO customer_events (workspace_id, connection_id, order_id, refund_id, customer_key, day, at, is_order, net_sales, gross_profit)
     VALUES ($1, 'conn', $2, 0, $3, $4::date, $4::timestamp, true, 10, 5)`,
    [workspaceId, crypto.randomInt(1, 2 ** 47), customerKey, utc(new Date(at))],
  );
}

/** A customer profile with its last order's day, order count and net sales. */
export async function profile(workspaceId: string, customerKey: string, lastDay: string, orders: number, netSales: string) {
  await getPool().query(
    `INSERT INTO customer_profiles (workspace_id, customer_key, first_connection_id, first_order_id, first_order_at, first_day, first_channel,
       orders, net_sales, gross_profit, net_sales_90, net_sales_180, net_sales_365, last_order_at, last_day)
     VALUES ($1, $2, 'conn', 1, $3::timestamp, $3::date, 'direct', $4, $5, 0, 0, 0, 0, $3::timestamp + interval '12 hours', $3::date)`,
    [workspaceId, customerKey, lastDay, orders, netSales],
  );
}

export type TActivityRow = {
  person_key: string; score: number; weekly_score: number; previous_weekly_score: number; weekly_change: number; level: string;
  last_event_at: Date | null; rfm_r: number | null; rfm_f: number | null; rfm_m: number | null; rfm_segment: string | null; score_day: string;
};

export async function activityRows(workspaceId: string): Promise<TActivityRow[]> {
  const { rows } = await getPool().query<TActivityRow>(
    `SELECT person_key, score, weekly_score, previous_weekly_score, weekly_change, level, last_event_at, rfm_r, rfm_f, rfm_m, rfm_segment,
            to_char(score_day, 'YYYY-MM-DD') AS score_day
     FROM person_activity WHERE workspace_id = $1 ORDER BY person_key`,
    [workspaceId],
  );
  return rows;
}

/** Persons waiting for an incremental pass, as the drain or the customers build leaves them. */
export async function queuePersons(workspaceId: string, personKeys: readonly string[]) {
  await getPool().query("INSERT INTO activity_pending (workspace_id, person_key) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING", [workspaceId, [...personKeys]]);
}
