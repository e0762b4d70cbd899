import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as dashboards from "@/app/api/v1/workspaces/[slug]/dashboards/route";
import * as dashboard from "@/app/api/v1/workspaces/[slug]/dashboards/[id]/route";
import { createApiKeyAction } from "@/app/w/[slug]/settings/api-keys/actions";
import { auth } from "@/lib/auth";
import { currentUser } from "@/lib/auth/session";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { READ_ONLY_MESSAGE, SYNCS_PAUSED_MESSAGE } from "@/lib/billing/limits";
import { usagePeriod } from "@/lib/billing/usage";
import { db } from "@/lib/db/client";
import { dueSyncs } from "@/lib/sync/scheduler";
import { handleTrack } from "@/lib/tracking/ingest";
import { ensureMonthPartitions, monthOf } from "@/lib/tracking/partitions";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { apiKey, call, freshWorkspace, respond } from "../dashboards/support";
import { expectAppError, formOf } from "../helpers";
import { trackingWorkspace, trackRequest, wireEvent } from "../tracking/support";
import { billingOn, onPlan } from "./limits-support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// An in-process drain would empty the inbox these tests count.
vi.mock("@/lib/tracking/drain-request", () => ({ requestDrain: vi.fn() }));

beforeEach(billingOn);
afterEach(() => vi.unstubAllEnvs());

const DAY_MS = 86_400_000;

async function apiRequestsCounted(workspaceId: string, timeZone: string) {
  const month = new Date(`${usagePeriod(new Date(), timeZone).month}T00:00:00Z`);
  return (await db.apiRequestCount.findUnique({ where: { workspaceId_month: { workspaceId, month } } }))?.count ?? 0;
}

describe("API requests over the monthly quota", () => {
  it("answer the last request of the quota, then 429 with the reset time as Retry-After and in the message, uncounted", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "viewer");
    await onPlan(workspace.id, "free");
    const period = usagePeriod(new Date(), workspace.timeZone);
    await db.apiRequestCount.create({ data: { workspaceId: workspace.id, month: new Date(`${period.month}T00:00:00Z`), count: 999 } });
    const params = { slug: workspace.slug };

    expect((await call(dashboards.GET, { method: "GET", key, params })).status).toBe(200);
    const asked = Date.now();
    const refused = await respond(dashboards.GET, { method: "GET", key, params });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    const untilReset = (period.end.getTime() - asked) / 1000;
    expect(retryAfter).toBeGreaterThan(untilReset - 60);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(untilReset));
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("rate_limited");
    expect(error.message).toContain("API requests per month: this workspace has used the 1,000 its Free plan allows this month.");
    expect(error.message).toContain(`resets at ${period.end.toISOString()}`);
    expect(error.message).toContain("Growth allows 100,000");
    expect(await apiRequestsCounted(workspace.id, workspace.timeZone)).toBe(1000);
  });

  it("count only API keys' requests that passed authentication and authorisation", async () => {
    const { owner, workspace } = await freshWorkspace();
    const other = await freshWorkspace();
    const [viewer, theirs] = [await apiKey(workspace.id, owner.id, "viewer"), await apiKey(other.workspace.id, other.owner.id, "owner")];
    await onPlan(workspace.id, "free");
    const params = { slug: workspace.slug };

    expect((await call(dashboards.GET, { method: "GET", key: viewer, params })).status).toBe(200);
    expect((await call(dashboards.GET, { method: "GET", key: "sb_not-a-key", params })).status).toBe(401);
    expect((await call(dashboards.POST, { method: "POST", key: viewer, params, body: { name: "Mine" } })).status).toBe(403);
    expect((await call(dashboards.GET, { method: "GET", key: theirs, params })).status).toBe(404);
    // The app's own pages call the API with a session: that is the product, not API usage.
    vi.mocked(auth).mockResolvedValueOnce({ user: { id: owner.id }, expires: "" } as never);
    expect((await call(dashboards.GET, { method: "GET", key: null, params })).status).toBe(200);

    expect(await apiRequestsCounted(workspace.id, workspace.timeZone)).toBe(1);
    expect(await apiRequestsCounted(other.workspace.id, other.workspace.timeZone)).toBe(0);
  });
});

/** `count` events already stored this month, written in one statement. */
async function storedEvents(workspaceId: string, count: number, at: Date) {
  await ensureMonthPartitions([monthOf(at)]);
  await db.$executeRaw`
    INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
    SELECT ${workspaceId}, 'm-' || n, 'page_view', ${at}, ${at}, 'v', '{}', '{}', 'browser' FROM generate_series(1, ${count}) AS n`;
}

describe("tracked events over the monthly quota", () => {
  it("accept a batch that reaches the quota exactly, then refuse the next event with 429 and the reset time", async () => {
    const { workspace, writeKey } = await trackingWorkspace();
    await onPlan(workspace.id, "free");
    const now = new Date();
    await storedEvents(workspace.id, 9_997, now);
    const send = (count: number) =>
      handleTrack(trackRequest({ body: { write_key: writeKey.key, batch: Array.from({ length: count }, () => wireEvent()) } }));

    expect((await send(3)).status).toBe(202);
    const refused = await send(1);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const { error } = (await refused.json()) as { error: { message: string } };
    expect(error.message).toContain("Tracked events per month: this workspace has used the 10,000 its Free plan allows this month.");
    expect(error.message).toContain(`resets at ${usagePeriod(now, workspace.timeZone).end.toISOString()}`);
    expect(await db.trackingInbox.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("refuse a whole batch that would go past the quota, saying how many were left", async () => {
    const { workspace, writeKey } = await trackingWorkspace();
    await onPlan(workspace.id, "free");
    const now = new Date();
    await storedEvents(workspace.id, 9_999, now);
    const refused = await handleTrack(trackRequest({ body: { write_key: writeKey.key, batch: [wireEvent(), wireEvent()] } }));
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("2 events would take this workspace past the 10,000 its Free plan allows this month (1 left)");
    expect(await db.trackingInbox.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe("a read-only workspace (past due beyond its grace period)", () => {
  async function pastDue(graceEndsAt: Date) {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "owner");
    const created = await call(dashboards.POST, { method: "POST", key, params: { slug: workspace.slug }, body: { name: "Sales" } });
    await onPlan(workspace.id, "growth", { status: "past_due", graceEndsAt });
    vi.mocked(currentUser).mockResolvedValue({ id: owner.id, email: "owner@example.test", name: null });
    return { owner, workspace, key, dashboardId: created.body!.id as string };
  }

  it("reads dashboards but refuses every edit, over the API and in server actions, with 402 naming the state and what lifts it", async () => {
    const { workspace, key, dashboardId } = await pastDue(new Date(Date.now() - DAY_MS));
    const params = { slug: workspace.slug };
    expect((await call(dashboards.GET, { method: "GET", key, params })).status).toBe(200);
    expect((await call(dashboard.GET, { method: "GET", key, params: { ...params, id: dashboardId } })).status).toBe(200);

    for (const refused of [
      await call(dashboards.POST, { method: "POST", key, params, body: { name: "New" } }),
      await call(dashboard.PATCH, { method: "PATCH", key, params: { ...params, id: dashboardId }, body: { name: "Renamed" } }),
      await call(dashboard.DELETE, { method: "DELETE", key, params: { ...params, id: dashboardId } }),
    ]) {
      expect(refused.status).toBe(402);
      expect(refused.body).toEqual({ error: { code: "payment_required", message: READ_ONLY_MESSAGE } });
    }
    expect((await db.dashboard.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id: dashboardId } } })).name).toBe("Sales");
    expect(READ_ONLY_MESSAGE).toMatch(/read-only.*payment failed.*grace period.*paying the open invoice under Settings, Billing/);

    expect(await createApiKeyAction(null, formOf({ slug: workspace.slug, name: "k", role: "viewer" }))).toEqual({ ok: false, error: READ_ONLY_MESSAGE, fields: undefined });
    await expectAppError(requireWorkspaceAction(workspace.slug, "settings.manage"), "payment_required");
    // Billing stays open, so it can be paid; reading needs nothing.
    await requireWorkspaceAction(workspace.slug, "billing.manage");
    await requireWorkspaceAction(workspace.slug, "workspace.read");
  });

  it("edits as usual during the grace period, and with billing off", async () => {
    const { workspace, key } = await pastDue(new Date(Date.now() + DAY_MS));
    expect((await call(dashboards.POST, { method: "POST", key, params: { slug: workspace.slug }, body: { name: "New" } })).status).toBe(201);

    await onPlan(workspace.id, "growth", { status: "past_due", graceEndsAt: new Date(Date.now() - DAY_MS) });
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    expect((await call(dashboards.POST, { method: "POST", key, params: { slug: workspace.slug }, body: { name: "Newer" } })).status).toBe(201);
  });
});

describe("scheduled syncs of a read-only workspace", () => {
  async function dueConnection() {
    const { workspace } = await freshWorkspace();
    const now = new Date();
    await db.connection.create({
      data: {
        workspaceId: workspace.id, provider: "google_ads", externalAccountId: "123", displayName: "Ads", credentials: "x", scopes: [],
        nextSyncAt: new Date(now.getTime() - 60_000), nextRestatementAt: new Date(now.getTime() + DAY_MS),
      },
    });
    return workspace;
  }
  const pausedEvents = (workspaceId: string) => db.billingEvent.findMany({ where: { workspaceId, kind: "syncs_paused" } });

  it("are skipped, and why is recorded once in the billing history; they run again in the grace period and once paid", async () => {
    const workspace = await dueConnection();
    await onPlan(workspace.id, "growth", { status: "past_due", graceEndsAt: new Date(Date.now() - 1000) });
    expect(await dueSyncs(new Date(), { workspaceId: workspace.id })).toEqual([]);
    expect(await dueSyncs(new Date(), { workspaceId: workspace.id })).toEqual([]);
    expect(await pausedEvents(workspace.id)).toMatchObject([{ message: SYNCS_PAUSED_MESSAGE }]);

    await onPlan(workspace.id, "growth", { status: "past_due", graceEndsAt: new Date(Date.now() + DAY_MS) });
    expect(await dueSyncs(new Date(), { workspaceId: workspace.id })).toMatchObject([{ workspaceId: workspace.id, kind: "incremental" }]);
    await onPlan(workspace.id, "growth");
    expect(await dueSyncs(new Date(), { workspaceId: workspace.id })).toHaveLength(1);
  });

  it("run as usual with billing off", async () => {
    const workspace = await dueConnection();
    await onPlan(workspace.id, "growth", { status: "past_due", graceEndsAt: new Date(Date.now() - 1000) });
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    expect(await dueSyncs(new Date(), { workspaceId: workspace.id })).toHaveLength(1);
    expect(await pausedEvents(workspace.id)).toEqual([]);
  });
});

describe("the API reference", () => {
  it("lists 402 on every change and 429 on every authenticated call, each with its meaning", () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { responses: Record<string, { description: string }> } };
    const dashboardsPath = doc.paths["/api/v1/workspaces/{slug}/dashboards"]!;
    expect(Object.keys(dashboardsPath.post!.responses)).toEqual(expect.arrayContaining(["402", "429"]));
    expect(Object.keys(dashboardsPath.get!.responses)).toContain("429");
    expect(Object.keys(dashboardsPath.get!.responses)).not.toContain("402");
    expect(doc.components.responses.PaymentRequired!.description).toContain("read-only");
    expect(doc.components.responses.RateLimited!.description).toContain("API requests for this month");
  });
});
