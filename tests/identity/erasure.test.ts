import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { getPool, utc } from "@/lib/db/pool";
import { eraseCustomerTracking } from "@/lib/identity/erase";
import { linkIdentities } from "@/lib/identity/link";
import { listMerges } from "@/lib/identity/merge-admin";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { visitorStatus } from "@/lib/identity/status";
import { handleCustomersRedact } from "@/lib/stores/webhooks/handlers/compliance";
import { sessioniseVisitors } from "@/lib/tracking/sessions/recompute";
import { unique } from "../helpers";
import { ANN, ev, identityStore } from "./support";

// A month far ahead gets a partition of its own, so a visitor's events span two partitions
// (that one and whichever holds the recent month).
const FUTURE_MONTH = "2030-01";

async function ensureFuturePartition() {
  await getPool()
    .query(`CREATE TABLE IF NOT EXISTS tracked_events_y2030m01 PARTITION OF tracked_events FOR VALUES FROM ('2030-01-01') TO ('2030-02-01')`)
    .catch((error: { code?: string }) => {
      // Another file created it at the same moment.
      if (error.code !== "42P07") throw error;
    });
}

// A person's browser, so the sessions count in sessions_daily rather than as bots.
const BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

/** Stores events as the drain would (the graph reads tracked_events only through the drain hook). */
async function storeEvents(workspaceId: string, anonymousId: string, times: string[]) {
  for (const at of times) {
    await getPool().query(
      `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
       VALUES ($1, $2, 'page_view', $3::timestamp, $3::timestamp, $4, '{}', $5::jsonb, 'browser')`,
      [workspaceId, crypto.randomUUID(), utc(new Date(at)), anonymousId, JSON.stringify({ user_agent: BROWSER })],
    );
  }
}

async function eventsOf(workspaceId: string, anonymousIds: string[]) {
  const { rows } = await getPool().query<{ anonymous_id: string; partition: string }>(
    "SELECT anonymous_id, tableoid::regclass::text AS partition FROM tracked_events WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])",
    [workspaceId, anonymousIds],
  );
  return rows;
}

async function sessionsOf(workspaceId: string, anonymousIds: string[]) {
  const { rows } = await getPool().query("SELECT id FROM tracked_sessions WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])", [workspaceId, anonymousIds]);
  return rows;
}

/** Sessions the traffic rollup counts for the workspace, every day. */
async function rolledUpSessions(workspaceId: string) {
  const { rows } = await getPool().query<{ sessions: number }>("SELECT COALESCE(sum(sessions), 0)::int AS sessions FROM sessions_daily WHERE workspace_id = $1", [workspaceId]);
  return rows[0]!.sessions;
}

async function scenario() {
  await ensureFuturePartition();
  const store = await identityStore();
  const { workspace } = store;
  const [annPhone, annLaptop, bobPhone, stranger] = [unique("cid"), unique("cid"), unique("cid"), unique("cid")];
  await linkIdentities(workspace.id, [
    ev(annPhone, "identify", { userId: "ann-member", properties: { email: ANN } }),
    ev(annLaptop, "checkout_completed", { properties: { order_id: "9001" } }),
    ev(bobPhone, "checkout_completed", { properties: { order_id: "9002" } }),
    ev(stranger, "page_view"),
  ]);
  const recent = new Date(Date.now() - 3_600_000).toISOString();
  for (const v of [annPhone, annLaptop, bobPhone, stranger]) await storeEvents(workspace.id, v, [recent, `${FUTURE_MONTH}-15T10:00:00Z`]);
  // Years apart: two sessions each.
  await sessioniseVisitors(workspace.id, [annPhone, annLaptop, bobPhone, stranger]);
  // The same anonymous id in another workspace, identified with the same email.
  const other = await identityStore();
  await linkIdentities(other.workspace.id, [ev(annPhone, "identify", { properties: { email: ANN } })]);
  await storeEvents(other.workspace.id, annPhone, [recent]);
  return { ...store, annPhone, annLaptop, bobPhone, stranger, other };
}

describe("deleting a customer's tracking data", () => {
  it("customers/redact deletes the customer's visitors and their events in every partition, and nothing of anyone else", async () => {
    const s = await scenario();
    const before = await eventsOf(s.workspace.id, [s.annPhone, s.annLaptop]);
    expect(new Set(before.map((r) => r.partition)).size).toBe(2);
    expect(await sessionsOf(s.workspace.id, [s.annPhone, s.annLaptop])).toHaveLength(4);

    const action = await handleCustomersRedact(
      { workspaceId: s.workspace.id, connectionId: s.connection.id, webhookId: unique("wh"), topic: "customers/redact" },
      { shop_domain: "x", customer: { id: 501 }, orders_to_redact: [9001] },
    );
    expect(action).toContain("tracking data deleted: 2 visitors, 4 events, 4 sessions");
    expect(await sessionsOf(s.workspace.id, [s.annPhone, s.annLaptop])).toEqual([]);
    expect(await sessionsOf(s.workspace.id, [s.bobPhone, s.stranger])).toHaveLength(4);

    expect(await eventsOf(s.workspace.id, [s.annPhone, s.annLaptop])).toEqual([]);
    const { rows: left } = await getPool().query("SELECT anonymous_id FROM identity_links WHERE workspace_id = $1 ORDER BY 1", [s.workspace.id]);
    expect(left).toEqual([{ anonymous_id: s.bobPhone }]);
    const { rows: visitors } = await getPool().query<{ anonymous_id: string }>("SELECT anonymous_id FROM visitors WHERE workspace_id = $1", [s.workspace.id]);
    expect(visitors.map((v) => v.anonymous_id).sort()).toEqual([s.bobPhone, s.stranger].sort());
    expect(await eventsOf(s.workspace.id, [s.bobPhone, s.stranger])).toHaveLength(4);
    expect(await visitorStatus(s.workspace.id, s.bobPhone)).toEqual({ status: "known", personKey: s.bob });
    // The other workspace keeps its visitor of the same id and email.
    expect(await eventsOf(s.other.workspace.id, [s.annPhone])).toHaveLength(1);
    expect(await visitorStatus(s.other.workspace.id, s.annPhone)).toEqual({ status: "known", personKey: s.other.ann });
  });

  it("the API's erasure by customer key does the same, and undoes merges the customer took part in", async () => {
    const s = await scenario();
    const twin = unique("cid");
    // Ann's member id seen with a second email merges that person into hers.
    await linkIdentities(s.workspace.id, [ev(twin, "identify", { userId: "ann-member", properties: { email: "ann@work.example" } })]);
    expect((await listMerges(s.workspace.id)).merges).toHaveLength(1);

    const counts = await eraseCustomerTracking(s.workspace.id, s.ann);
    expect(counts).toMatchObject({ events: 4, sessions: 4, merges: 1 });
    expect(await eventsOf(s.workspace.id, [s.annPhone, s.annLaptop])).toEqual([]);
    expect((await listMerges(s.workspace.id)).merges).toEqual([]);
    expect(await eventsOf(s.workspace.id, [s.bobPhone, s.stranger])).toHaveLength(4);
    expect(await eventsOf(s.other.workspace.id, [s.annPhone])).toHaveLength(1);
  });

  it("takes the erased sessions out of sessions_daily: the webhook's refresh and the API's own", async () => {
    const s = await scenario();
    expect(await rolledUpSessions(s.workspace.id)).toBe(8);
    await handleCustomersRedact(
      { workspaceId: s.workspace.id, connectionId: s.connection.id, webhookId: unique("wh"), topic: "customers/redact" },
      { shop_domain: "x", customer: { id: 501 }, orders_to_redact: [9001] },
    );
    // As a webhook's processing does after its handler.
    await refreshDirtyRollups(s.workspace.id);
    expect(await rolledUpSessions(s.workspace.id)).toBe(4);

    await eraseCustomerTracking(s.workspace.id, s.bob);
    expect(await rolledUpSessions(s.workspace.id)).toBe(2);
    expect(await rolledUpSessions(s.other.workspace.id)).toBe(0);
  });

  it("a customer the workspace does not know is not found", async () => {
    const s = await scenario();
    expect(await eraseCustomerTracking(s.other.workspace.id, s.bob)).toBeNull();
    expect(await eventsOf(s.workspace.id, [s.bobPhone])).toHaveLength(2);
  });
});
