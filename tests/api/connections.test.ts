import { exampleCurl } from "@/app/docs/api/curl";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as list from "@/app/api/v1/workspaces/[slug]/connections/route";
import * as sync from "@/app/api/v1/workspaces/[slug]/connections/[id]/sync/route";
import { createApiKey } from "@/lib/api-keys/service";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { auth } from "@/lib/auth";
import { ZConnectionListSchema, ZConnectionViewSchema, ZSyncAcceptedSchema } from "@/lib/connections/schema";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore, DEMO_SHOP_DOMAIN, disconnect } from "@/lib/connections/service";
import { lockKeyOf } from "@/lib/jobs/define";
import { localJobsSettled as localSyncsSettled } from "@/lib/jobs/local";
import { syncConnectionJob } from "@/lib/sync/jobs";
import { createRun, updateRun } from "@/lib/sync/runs";
import type { Role } from "@/lib/tenancy/roles";
import { unique } from "../helpers";
import { errorFields, respond, type ApiResult, type CallInit } from "../dashboards/support";

// Without a Bearer key the routes look for a session; tests choose who is signed in.
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
const signIn = (userId: string) => vi.mocked(auth).mockResolvedValueOnce({ user: { id: userId }, expires: "" } as never);

// Syncs requested through the API run in this process; none may outlive its test.
afterEach(async () => {
  await localSyncsSettled();
});

const DAY = 86_400_000;
const SECRET_TOKEN = "EAAB-very-secret-access-token";

type Caller = { key: string } | { userId: string };

async function send(handler: Parameters<typeof respond>[0], init: Omit<CallInit, "key"> & { caller: Caller }) {
  if ("userId" in init.caller) signIn(init.caller.userId);
  const response = await respond(handler, { ...init, key: "key" in init.caller ? init.caller.key : null });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null, headers: response.headers };
}

const listAs = (caller: Caller, slug: string) => send(list.GET, { method: "GET", caller, params: { slug } });
const syncAs = (caller: Caller, slug: string, id: string, body?: unknown) => send(sync.POST, { method: "POST", caller, params: { slug, id }, body });
const messageOf = (result: ApiResult) => (result.body?.error as { message?: string } | undefined)?.message ?? "";

/** A workspace with the demo store connected, and one API key per role asked for. */
async function shop(keyRoles: readonly Role[] = ["owner"]) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York", currency: "USD" });
  const { id: connectionId } = await connectDemoStore(workspace.id, { orders: 100, seed: 3 });
  const keys = {} as Record<Role, string>;
  for (const role of keyRoles) {
    keys[role] = (await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: `${role} key`, role })).key;
  }
  return { owner, workspace, slug: workspace.slug, connectionId, scope: { workspaceId: workspace.id, connectionId }, keys };
}

const runsOf = (scope: { workspaceId: string; connectionId: string }) =>
  db.syncRun.findMany({ where: scope, orderBy: { queuedAt: "asc" } });

/**
 * Holds the connection's sync lock, as a sync in another process would: requested runs stay
 * queued, so what the API answers and what it stored can be checked before anything runs.
 */
async function whileSyncLocked<T>(connectionId: string, body: () => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [lockKeyOf(syncConnectionJob, { workspaceId: "", connectionId, runId: "" })]);
    try {
      return await body();
    } finally {
      await localSyncsSettled();
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [lockKeyOf(syncConnectionJob, { workspaceId: "", connectionId, runId: "" })]);
    }
  } finally {
    client.release();
  }
}

const expiredMetaCredentials = () => {
  const lapse = new Date(Date.now() - 2 * DAY).toISOString();
  return sealJson({ mode: "oauth", tokens: { accessToken: SECRET_TOKEN, refreshToken: null, expiresAt: lapse, refreshExpiresAt: lapse, scopes: ["ads_read"] } });
};

describe("GET /api/v1/workspaces/{slug}/connections", () => {
  it("lists each connection with its freshness and the run in progress, with its percent", async () => {
    const { slug, workspace, scope, keys } = await shop(["viewer"]);
    const lastSuccess = new Date("2026-03-01T12:00:00Z");
    const lastAttempt = new Date("2026-03-01T12:10:00Z");
    const next = new Date("2026-03-01T12:20:00Z");
    await db.connection.update({
      where: { workspaceId_id: { workspaceId: workspace.id, id: scope.connectionId } },
      data: { status: "syncing", timeZone: "America/New_York", currency: "USD", lastSuccessAt: lastSuccess, lastSyncAt: lastAttempt, nextSyncAt: next },
    });
    const run = await createRun(scope, "backfill");
    const started = new Date("2026-03-01T12:10:01Z");
    await updateRun(scope, run.id, { status: "running", startedAt: started, rowsRead: 50, rowsWritten: 120, rowsExpected: 200 });

    // An ad account whose run has no known total yet, and whose stored error must read as words.
    const ads = await db.connection.create({
      data: {
        workspaceId: workspace.id, provider: "google_ads", externalAccountId: "123-456-7890", displayName: "Search ads", status: "error",
        credentials: sealJson({ mode: "demo" }), settings: { demo: true }, scopes: [], lastError: "Google Ads could not be reached. The sync will be retried.",
      },
      select: { id: true },
    });
    const adRun = await createRun({ workspaceId: workspace.id, connectionId: ads.id }, "incremental");

    const result = await listAs({ key: keys.viewer }, slug);
    expect(result.status).toBe(200);
    expect(result.headers.get("cache-control")).toContain("no-store");
    const { connections } = ZConnectionListSchema.parse(result.body);
    expect(connections.map((c) => c.id)).toEqual([scope.connectionId, ads.id]);
    expect(connections[0]).toEqual({
      id: scope.connectionId,
      provider: "shopify",
      account: { id: DEMO_SHOP_DOMAIN, name: "Signalboard Demo Store" },
      status: "syncing",
      needs_reauth: false,
      last_synced_at: lastSuccess.toISOString(),
      last_attempt_at: lastAttempt.toISOString(),
      next_sync_at: next.toISOString(),
      last_error: null,
      time_zone: "America/New_York",
      currency: "USD",
      current_run: {
        id: run.id, kind: "backfill", status: "running", rows_read: 50, rows_written: 120, rows_expected: 200, rows_expected_estimated: false, percent: 25,
        queued_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), started_at: started.toISOString(),
      },
    });
    expect(connections[1]).toMatchObject({
      provider: "google_ads",
      account: { id: "123-456-7890", name: "Search ads" },
      status: "error",
      needs_reauth: false,
      last_synced_at: null,
      last_error: "Google Ads could not be reached. The sync will be retried.",
      current_run: { id: adRun.id, kind: "incremental", status: "queued", rows_expected: null, percent: null, started_at: null },
    });
  });

  it("says which connections need reconnecting and never returns credentials or settings", async () => {
    const { slug, workspace, keys } = await shop(["viewer"]);
    const base = { workspaceId: workspace.id, scopes: ["ads_read"], settings: { attributionWindow: "7d_click", loginCustomerId: "999" } };
    const [expired, refused, gone] = await Promise.all([
      db.connection.create({ data: { ...base, provider: "meta_ads", externalAccountId: "act_1", displayName: "Lapsed", credentials: expiredMetaCredentials() }, select: { id: true, credentials: true } }),
      db.connection.create({ data: { ...base, provider: "tiktok_ads", externalAccountId: "tt_1", displayName: "Refused", status: "needs_reauth", credentials: sealJson({ mode: "oauth", tokens: { accessToken: SECRET_TOKEN } }) }, select: { id: true, credentials: true } }),
      db.connection.create({ data: { ...base, provider: "meta_ads", externalAccountId: "act_2", displayName: "Gone", status: "disconnected", credentials: expiredMetaCredentials() }, select: { id: true, credentials: true } }),
    ]);

    const result = await listAs({ key: keys.viewer }, slug);
    expect(result.status).toBe(200);
    const byId = new Map(ZConnectionListSchema.parse(result.body).connections.map((c) => [c.id, c]));
    expect(byId.get(expired.id)).toMatchObject({ status: "active", needs_reauth: true });
    expect(byId.get(refused.id)).toMatchObject({ status: "needs_reauth", needs_reauth: true });
    expect(byId.get(gone.id)).toMatchObject({ status: "disconnected", needs_reauth: false, next_sync_at: null });

    const text = JSON.stringify(result.body);
    for (const secret of [SECRET_TOKEN, expired.credentials, refused.credentials, "credentials", "settings", "scopes", "attributionWindow", "loginCustomerId"]) {
      expect(text).not.toContain(secret);
    }
    for (const view of byId.values()) expect(Object.keys(view).sort()).toEqual(Object.keys(ZConnectionViewSchema.shape).sort());
  });

  it("shows a finished sync's freshness and the account's zone and currency once it has run", async () => {
    const { slug, keys, connectionId } = await shop(["admin"]);
    const before = ZConnectionListSchema.parse((await listAs({ key: keys.admin }, slug)).body).connections[0]!;
    expect(before).toMatchObject({ last_synced_at: null, last_attempt_at: null, time_zone: null, currency: null, current_run: null });

    const requested = await syncAs({ key: keys.admin }, slug, connectionId, { kind: "backfill" });
    expect(requested.status).toBe(202);
    await localSyncsSettled();

    const after = ZConnectionListSchema.parse((await listAs({ key: keys.admin }, slug)).body).connections[0]!;
    expect(after).toMatchObject({ status: "active", needs_reauth: false, last_error: null, current_run: null, time_zone: "America/New_York", currency: "USD" });
    expect(Date.parse(after.last_synced_at!)).toBeGreaterThanOrEqual(Date.parse(after.last_attempt_at!));
    expect(Date.parse(after.next_sync_at!)).toBeGreaterThan(Date.now());
  });
});

describe("POST /api/v1/workspaces/{slug}/connections/{id}/sync", () => {
  it("answers 202 with the queued run, and a second request reuses it instead of starting another", async () => {
    const { slug, scope, keys, connectionId } = await shop(["admin"]);
    await whileSyncLocked(connectionId, async () => {
      // A bare POST, without a body or Content-Type, is an incremental sync.
      const first = await send(sync.POST, { method: "POST", caller: { key: keys.admin }, params: { slug, id: connectionId } });
      expect(first.status).toBe(202);
      const accepted = ZSyncAcceptedSchema.parse(first.body);
      expect(accepted.run).toEqual({ id: expect.any(String), kind: "incremental", status: "queued", reused: false });

      const second = await syncAs({ key: keys.admin }, slug, connectionId, { kind: "incremental" });
      expect(second.status).toBe(202);
      expect(ZSyncAcceptedSchema.parse(second.body).run).toEqual({ ...accepted.run, reused: true });

      const listed = ZConnectionListSchema.parse((await listAs({ key: keys.admin }, slug)).body).connections[0]!;
      expect(listed.current_run).toMatchObject({ id: accepted.run.id, kind: "incremental", status: "queued", percent: null });
      expect((await runsOf(scope)).map((r) => [r.kind, r.status])).toEqual([["incremental", "queued"]]);
    });
  });

  it("runs a backfill without dates over the full history, and one with dates as a re-sync of those local days", async () => {
    const { slug, scope, keys, connectionId } = await shop(["admin"]);
    await whileSyncLocked(connectionId, async () => {
      const full = ZSyncAcceptedSchema.parse((await syncAs({ key: keys.admin }, slug, connectionId, { kind: "backfill" })).body).run;
      expect(full).toMatchObject({ kind: "backfill", reused: false });
      const again = ZSyncAcceptedSchema.parse((await syncAs({ key: keys.admin }, slug, connectionId, { kind: "backfill" })).body).run;
      expect(again).toMatchObject({ id: full.id, kind: "backfill", reused: true });

      // New York moves its clocks on 2026-03-08: the 7th starts at 05:00Z, the 9th at 04:00Z.
      const ranged = await syncAs({ key: keys.admin }, slug, connectionId, { kind: "backfill", from: "2026-03-07", to: "2026-03-08" });
      expect(ranged.status).toBe(202);
      const manual = ZSyncAcceptedSchema.parse(ranged.body).run;
      expect(manual).toMatchObject({ kind: "manual", status: "queued", reused: false });
      // A dated re-sync is never merged into another: each request is its own run.
      const sameDays = ZSyncAcceptedSchema.parse((await syncAs({ key: keys.admin }, slug, connectionId, { kind: "backfill", from: "2026-03-07", to: "2026-03-08" })).body).run;
      expect(sameDays.id).not.toBe(manual.id);
      const fromOnly = ZSyncAcceptedSchema.parse((await syncAs({ key: keys.admin }, slug, connectionId, { kind: "backfill", from: "2026-03-07" })).body).run;
      const toOnly = ZSyncAcceptedSchema.parse((await syncAs({ key: keys.admin }, slug, connectionId, { kind: "backfill", to: "2026-03-08" })).body).run;

      const stored = new Map((await runsOf(scope)).map((r) => [r.id, { kind: r.kind, from: r.rangeFrom?.toISOString() ?? null, to: r.rangeTo?.toISOString() ?? null }]));
      expect(stored.get(full.id)).toEqual({ kind: "backfill", from: null, to: null });
      expect(stored.get(manual.id)).toEqual({ kind: "manual", from: "2026-03-07T05:00:00.000Z", to: "2026-03-09T04:00:00.000Z" });
      expect(stored.get(fromOnly.id)).toEqual({ kind: "manual", from: "2026-03-07T05:00:00.000Z", to: null });
      expect(stored.get(toOnly.id)).toEqual({ kind: "manual", from: null, to: "2026-03-09T04:00:00.000Z" });
      expect(stored.size).toBe(5);
    });
  });

  it("refuses bad input with a 400 naming the field, and starts nothing", async () => {
    const { slug, scope, keys, connectionId } = await shop(["admin"]);
    const cases: [unknown, string][] = [
      [{ kind: "restatement" }, "kind"],
      [{ kind: 7 }, "kind"],
      [{ kind: "backfill", from: "2026-02-30" }, "from"],
      [{ kind: "backfill", to: "31/01/2026" }, "to"],
      [{ kind: "backfill", from: "2026-03-02", to: "2026-03-01" }, "to"],
      [{ kind: "incremental", from: "2026-03-01" }, "from"],
      [["incremental"], "body"],
    ];
    for (const [body, field] of cases) {
      const result = await syncAs({ key: keys.admin }, slug, connectionId, body);
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(errorFields(result)), JSON.stringify(body)).toEqual([field]);
      expect(messageOf(result)).toContain(field);
    }
    const malformed = await send(sync.POST, { method: "POST", caller: { key: keys.admin }, params: { slug, id: connectionId }, rawBody: "{kind:" });
    expect(malformed.status).toBe(400);
    expect(messageOf(malformed)).toMatch(/not valid JSON/);
    expect(await runsOf(scope)).toEqual([]);
  });

  it("refuses viewers and members, by key or session, with 403 and lets admins through", async () => {
    const { slug, workspace, scope, keys, connectionId } = await shop(["viewer", "member", "admin"]);
    const [viewer, member, admin] = await Promise.all([seedUser(), seedUser(), seedUser()]);
    await seedMembership(workspace.id, viewer.id, "viewer");
    await seedMembership(workspace.id, member.id, "member");
    await seedMembership(workspace.id, admin.id, "admin");

    for (const caller of [{ key: keys.viewer }, { key: keys.member }, { userId: viewer.id }, { userId: member.id }]) {
      const result = await syncAs(caller, slug, connectionId, { kind: "backfill" });
      expect(result.status, JSON.stringify(caller)).toBe(403);
      expect((await listAs(caller, slug)).status).toBe(200);
    }
    expect(await runsOf(scope)).toEqual([]);

    await whileSyncLocked(connectionId, async () => {
      expect((await syncAs({ userId: admin.id }, slug, connectionId, {})).status).toBe(202);
      expect((await syncAs({ key: keys.admin }, slug, connectionId, {})).status).toBe(202);
    });
    expect(await runsOf(scope)).toHaveLength(1);
  });

  it("answers 409 for a disconnected connection and one that must be reconnected, starting nothing", async () => {
    const { slug, workspace, scope, keys, connectionId } = await shop(["admin"]);
    await disconnect(scope, { deleteData: false });
    const disconnected = await syncAs({ key: keys.admin }, slug, connectionId, { kind: "incremental" });
    expect(disconnected.status).toBe(409);
    expect(messageOf(disconnected)).toMatch(/disconnected/i);

    const refused = await db.connection.create({
      data: { workspaceId: workspace.id, provider: "tiktok_ads", externalAccountId: "tt_1", displayName: "Refused", status: "needs_reauth", credentials: sealJson({ mode: "oauth", tokens: { accessToken: SECRET_TOKEN } }), scopes: [] },
      select: { id: true },
    });
    const lapsed = await db.connection.create({
      data: { workspaceId: workspace.id, provider: "meta_ads", externalAccountId: "act_1", displayName: "Lapsed", credentials: expiredMetaCredentials(), scopes: [] },
      select: { id: true },
    });
    for (const id of [refused.id, lapsed.id]) {
      const result = await syncAs({ key: keys.admin }, slug, id, {});
      expect(result.status).toBe(409);
      expect(messageOf(result)).toMatch(/reconnect/i);
    }
    expect(await db.syncRun.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe("another workspace's connections", () => {
  it("are a 404 for its keys and members on both routes, whichever slug they use, and never listed", async () => {
    const a = await shop(["owner"]);
    const b = await shop(["owner"]);
    const bOwner = { userId: b.owner.id };
    const bKey = { key: b.keys.owner };

    for (const caller of [bKey, bOwner]) {
      expect((await listAs(caller, a.slug)).status, JSON.stringify(caller)).toBe(404);
      // Addressed by A's slug: the caller is no member there.
      expect((await syncAs(caller, a.slug, a.connectionId, { kind: "backfill" })).status).toBe(404);
      // Addressed by B's own slug: A's connection is not B's.
      const foreign = await syncAs(caller, b.slug, a.connectionId, { kind: "backfill" });
      expect(foreign.status).toBe(404);
      expect(JSON.stringify(foreign.body)).not.toContain(DEMO_SHOP_DOMAIN);
      // Even a body that would be refused says nothing more than "not found".
      expect((await syncAs(caller, b.slug, a.connectionId, { kind: "nonsense" })).status).toBe(404);
      expect((await syncAs(caller, b.slug, unique("conn"), {})).status).toBe(404);
    }
    expect(await runsOf(a.scope)).toEqual([]);

    const listed = ZConnectionListSchema.parse((await listAs(bKey, b.slug)).body).connections;
    expect(listed.map((c) => c.id)).toEqual([b.connectionId]);
  });
});

describe("the connections operations in the OpenAPI document", () => {
  const document = buildOpenApiDocument();
  const path = "/api/v1/workspaces/{slug}/connections/{id}/sync";

  it("describe the list and the sync request from the schemas that shape and validate them", () => {
    const listed = document.paths["/api/v1/workspaces/{slug}/connections"]!.get!;
    expect(listed["x-minimum-role"]).toBe("viewer");
    expect(Object.keys(listed.responses).sort()).toEqual(["200", "401", "404", "429"]);

    const post = document.paths[path]!.post!;
    expect(post["x-minimum-role"]).toBe("admin");
    expect(post.requestBody).toMatchObject({ required: false, content: { "application/json": { schema: { $ref: "#/components/schemas/SyncRequest" } } } });
    expect(Object.keys(post.responses).sort()).toEqual(["202", "400", "401", "402", "403", "404", "409", "413", "429"]);
    expect(post.parameters.find((p) => p.name === "id")!.description).toMatch(/connection/);

    const schemas = document.components.schemas as unknown as Record<string, { properties: Record<string, { enum?: string[]; format?: string }> }>;
    expect(schemas.SyncRequest!.properties.kind!.enum).toEqual(["incremental", "backfill"]);
    expect(schemas.SyncRequest!.properties.from!.format).toBe("date");
    expect(schemas.ConnectionList).toBeDefined();
    expect(schemas.SyncAccepted).toBeDefined();
  });

  it("gives a curl example naming the connection, not a dashboard", () => {
    const curl = exampleCurl("post", path, document.paths[path]!.post!);
    expect(curl).toContain('-X POST "$SIGNALBOARD_URL/api/v1/workspaces/$WORKSPACE/connections/$CONNECTION_ID/sync"');
    const dashboard = "/api/v1/workspaces/{slug}/dashboards/{id}";
    expect(exampleCurl("get", dashboard, document.paths[dashboard]!.get!)).toContain("/dashboards/$DASHBOARD_ID");
  });
});
