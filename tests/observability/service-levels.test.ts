import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/enqueue";
import { createDestination } from "@/lib/notifications/destinations";
import { onRequestError } from "@/instrumentation";
import { flushRequestOutcomes, countedRequest, pendingOutcomes, recordRequestOutcome } from "@/lib/observability/availability";
import { freshnessOf } from "@/lib/observability/freshness";
import { objectiveStatus, OBJECTIVES, serviceLevels, sweepServiceLevels, type Counts } from "@/lib/observability/slo";
import { evaluateBurnAlerts } from "@/lib/observability/slo-alerts";
import { getSloAlerting, updateSloAlerting } from "@/lib/observability/slo-alerting";
import { syncLag } from "@/lib/ops/measures";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { expectAppError, unique } from "../helpers";

// Service levels on minutes built here. The minutes table is global and shared with other files,
// so each test measures at an instant years ahead, in a month of its own.

vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => {}) }));

const MINUTE = 60_000;

async function minutes(rows: { at: string; series: string; total: number; errors: number }[]) {
  await db.serviceLevelMinute.createMany({ data: rows.map((r) => ({ minute: new Date(r.at), series: r.series, total: r.total, errors: r.errors })) });
}

describe("burn rates and error budget", () => {
  it("sums each window's minutes and divides the error ratio by the allowed one (hand-computed)", async () => {
    const now = new Date("2033-03-10T12:00:30Z");
    await minutes([
      { at: "2033-03-10T12:00:00Z", series: "api", total: 1000, errors: 10 },
      { at: "2033-03-10T11:58:00Z", series: "api", total: 1000, errors: 0 },
      { at: "2033-03-10T11:57:00Z", series: "web", total: 1000, errors: 0 },
      { at: "2033-03-10T11:55:00Z", series: "api", total: 7, errors: 7 }, // just outside 5 minutes
      { at: "2033-03-10T11:50:00Z", series: "api", total: 1993, errors: 13 },
      { at: "2033-03-10T10:30:00Z", series: "api", total: 4000, errors: 0 },
      { at: "2033-03-01T00:00:00Z", series: "web", total: 2000, errors: 0 },
      { at: "2033-02-28T23:59:00Z", series: "api", total: 5000, errors: 5000 }, // last month, 9 days back
      { at: "2033-03-10T12:01:00Z", series: "api", total: 100, errors: 100 }, // after now
    ]);
    const availability = (await serviceLevels(db, now)).find((s) => s.objective.id === "availability")!;
    // 5m: 3000 requests, 10 errors -> (10/3000)/0.0005 = 6.667
    expect(availability.windows["5m"]).toEqual({ total: 3000, errors: 10 });
    expect(availability.burnRates["5m"]).toBeCloseTo(6.6667, 3);
    // 30m and 1h: + 11:55 and 11:50 -> 5000 requests, 30 errors -> 12
    expect(availability.windows["30m"]).toEqual({ total: 5000, errors: 30 });
    expect(availability.burnRates["30m"]).toBeCloseTo(12, 6);
    expect(availability.burnRates["1h"]).toBeCloseTo(12, 6);
    // 6h and 3d: + 10:30 -> 9000 requests, 30 errors -> 6.667
    expect(availability.windows["6h"]).toEqual({ total: 9000, errors: 30 });
    expect(availability.burnRates["3d"]).toBeCloseTo(6.6667, 3);
    // The month from 1 March: 11000 requests, 30 errors; 5.5 errors allowed -> budget 1 - 30/5.5
    expect(availability.month).toEqual({ total: 11000, errors: 30 });
    expect(availability.current).toBeCloseTo(10970 / 11000, 9);
    expect(availability.budgetRemaining).toBeCloseTo(1 - 30 / 5.5, 9);
    // No freshness samples: no burn, the whole budget left.
    const store = (await serviceLevels(db, now)).find((s) => s.objective.id === "freshness_store")!;
    expect(store.burnRates["1h"]).toBeNull();
    expect(store.budgetRemaining).toBe(1);
  });

  it("sweeps minutes older than 35 days", async () => {
    await minutes([
      { at: "2034-01-01T00:00:00Z", series: "api", total: 1, errors: 0 },
      { at: "2034-02-10T00:00:00Z", series: "api", total: 1, errors: 0 },
    ]);
    await sweepServiceLevels(db, new Date("2034-02-10T00:00:00Z"));
    const left = await db.serviceLevelMinute.findMany({ where: { minute: { gte: new Date("2034-01-01T00:00:00Z"), lt: new Date("2034-03-01T00:00:00Z") } } });
    expect(left.map((m) => m.minute.toISOString())).toEqual(["2034-02-10T00:00:00.000Z"]);
  });
});

describe("request outcomes", () => {
  it("counts 5xx and throws as errors, 4xx as good, and adds flushes from several processes", async () => {
    const now = Date.now();
    await countedRequest("api", async () => new Response(null, { status: 200 }));
    await countedRequest("api", async () => new Response(null, { status: 404 }));
    await countedRequest("api", async () => new Response(null, { status: 503 }));
    await expect(countedRequest("api", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const pending = pendingOutcomes().filter((p) => p.surface === "api");
    expect(pending.reduce((n, p) => n + p.total, 0)).toBe(4);
    expect(pending.reduce((n, p) => n + p.errors, 0)).toBe(2);
    const minute = new Date(Math.floor(now / MINUTE) * MINUTE);
    const before = await db.serviceLevelMinute.findUnique({ where: { minute_series: { minute, series: "api" } } });
    await flushRequestOutcomes(db);
    expect(pendingOutcomes()).toEqual([]);
    // A second process's flush of the same minute adds to the row.
    await countedRequest("api", async () => new Response(null, { status: 500 }));
    await flushRequestOutcomes(db);
    const after = await db.serviceLevelMinute.findMany({ where: { series: "api", minute: { gte: minute, lt: new Date(minute.getTime() + 2 * MINUTE) } } });
    const sum = after.reduce<Counts>((acc, r) => ({ total: acc.total + r.total, errors: acc.errors + r.errors }), { total: 0, errors: 0 });
    expect(sum.total - (before?.total ?? 0)).toBe(5);
    expect(sum.errors - (before?.errors ?? 0)).toBe(3);
  });
});

describe("page renders", () => {
  it("counts a failed workspace page render as an error of its counted render, and nothing else", async () => {
    await flushRequestOutcomes(db);
    const web = () => pendingOutcomes().filter((p) => p.surface === "web").reduce<Counts>((acc, p) => ({ total: acc.total + p.total, errors: acc.errors + p.errors }), { total: 0, errors: 0 });
    const runtime = process.env.NEXT_RUNTIME;
    process.env.NEXT_RUNTIME = "nodejs";
    try {
      recordRequestOutcome("web", 200);
      await onRequestError(new Error("render failed"), { path: "/w/acme/dashboards" }, { routeType: "render" });
      expect(web()).toEqual({ total: 1, errors: 1 });
      // Not a workspace page, or not a render (route handlers count themselves): not counted here.
      await onRequestError(new Error("x"), { path: "/sign-in" }, { routeType: "render" });
      await onRequestError(new Error("x"), { path: "/w/acme/reports" }, { routeType: "route" });
      expect(web()).toEqual({ total: 1, errors: 1 });
    } finally {
      process.env.NEXT_RUNTIME = runtime;
      await flushRequestOutcomes(db);
    }
  });
});

describe("freshness", () => {
  it("counts store connections over 15 minutes and ad connections over 1 hour as stale, stalest first", async () => {
    const user = await seedUser();
    const ws = await seedWorkspace(user.id);
    const now = new Date("2033-05-01T12:00:00Z");
    const ago = (m: number) => new Date(now.getTime() - m * MINUTE);
    const base = { workspaceId: ws.id, credentials: "sealed", scopes: [], createdAt: ago(600) };
    await db.connection.createMany({
      data: [
        { ...base, id: unique("c"), provider: "shopify", externalAccountId: "s1", displayName: "Fresh store", lastSuccessAt: ago(14) },
        { ...base, id: "stale-store", provider: "woocommerce", externalAccountId: "s2", displayName: "Stale store", lastSuccessAt: ago(16) },
        { ...base, id: "stalest-store", provider: "shopify", externalAccountId: "s3", displayName: "Never synced" },
        { ...base, id: unique("c"), provider: "google_ads", externalAccountId: "a1", displayName: "Fresh ads", lastSuccessAt: ago(59) },
        { ...base, id: "stale-ads", provider: "meta_ads", externalAccountId: "a2", displayName: "Stale ads", status: "error", lastSuccessAt: ago(61) },
        { ...base, id: unique("c"), provider: "hubspot", externalAccountId: "h", displayName: "A CRM", lastSuccessAt: ago(600) },
        { ...base, id: unique("c"), provider: "shopify", externalAccountId: "s4", displayName: "Gone", status: "disconnected" },
      ],
    });
    const lags = (await syncLag(db, now)).filter((l) => l.workspaceId === ws.id);
    const [store, ads] = freshnessOf(lags);
    expect(store).toMatchObject({ source: "store", total: 3, stale: 2 });
    expect(store!.stalest.map((s) => [s.connectionId, s.ageSeconds])).toEqual([["stalest-store", 600 * 60], ["stale-store", 16 * 60]]);
    expect(ads).toMatchObject({ source: "ads", total: 2, stale: 1 });
    expect(ads!.stalest.map((s) => s.connectionId)).toEqual(["stale-ads"]);
  });
});

const counts = (total: number, errors: number): Counts => ({ total, errors });
const availability = OBJECTIVES.find((o) => o.id === "availability")!;
/** A status whose every window has the same error ratio. */
const burning = (ratio: number) => {
  const c = counts(100_000, Math.round(100_000 * ratio));
  return objectiveStatus(availability, c, { "5m": c, "30m": c, "1h": c, "6h": c, "3d": c });
};

describe("burn alerts", () => {
  beforeEach(async () => {
    await db.serviceLevelAlert.deleteMany({});
  });

  it("opens a page once while burning, sends through the chosen destinations, and resolves once", async () => {
    const operator = await seedUser();
    const ws = await seedWorkspace(operator.id);
    const { destination } = await createDestination(ws.id, null, { kind: "email", name: "On call", addresses: "oncall@example.com" });
    await updateSloAlerting(operator.id, { workspaceId: ws.id, destinationIds: [destination.id] });
    const t0 = new Date("2033-06-01T12:00:00Z");

    // 1% errors = 20x the 0.05% allowed: past both policies.
    const opened = await evaluateBurnAlerts(db, [burning(0.01)], t0);
    expect(opened.map((c) => [c.severity, c.stage])).toEqual([["page", "opened"], ["ticket", "opened"]]);
    expect(opened[0]!.burnRate).toBeCloseTo(20, 6);
    const page = opened[0]!.alertId;
    const deliveries = () => db.notificationDelivery.findMany({ where: { workspaceId: ws.id, refId: page }, orderBy: { createdAt: "asc" } });
    expect((await deliveries()).map((d) => [d.destinationId, d.messageKind, d.status])).toEqual([[destination.id, "alert", "queued"]]);
    expect((await deliveries())[0]!.title).toMatch(/^Page: Availability/);
    expect(vi.mocked(enqueue)).toHaveBeenCalled();

    // Still burning, even harder: nothing new is sent; the peak is kept.
    expect(await evaluateBurnAlerts(db, [burning(0.02)], new Date(t0.getTime() + MINUTE))).toEqual([]);
    expect((await deliveries()).length).toBe(1);
    expect((await db.serviceLevelAlert.findUniqueOrThrow({ where: { id: page } })).peakBurnRate).toBeCloseTo(40, 6);

    // 0.4% = 8x: the page resolves, the ticket (6x) keeps firing.
    const eased = await evaluateBurnAlerts(db, [burning(0.004)], new Date(t0.getTime() + 2 * MINUTE));
    expect(eased.map((c) => [c.severity, c.stage])).toEqual([["page", "resolved"]]);
    expect((await deliveries()).map((d) => d.title)).toEqual([expect.stringMatching(/^Page:/), expect.stringMatching(/^Resolved:/)]);

    // Quiet: the ticket resolves; a later burn opens a new incident.
    expect((await evaluateBurnAlerts(db, [burning(0)], new Date(t0.getTime() + 3 * MINUTE))).map((c) => [c.severity, c.stage])).toEqual([["ticket", "resolved"]]);
    const again = await evaluateBurnAlerts(db, [burning(0.01)], new Date(t0.getTime() + 4 * MINUTE));
    expect(again.filter((c) => c.severity === "page").map((c) => c.alertId)).not.toContain(page);
  });

  it("needs both windows: a burst in the last 5 minutes alone does not page", async () => {
    const quietHour = counts(100_000, 0);
    const burst = counts(100, 100);
    const status = objectiveStatus(availability, quietHour, { "5m": burst, "30m": quietHour, "1h": quietHour, "6h": quietHour, "3d": quietHour });
    expect(await evaluateBurnAlerts(db, [status], new Date("2033-07-01T00:00:00Z"))).toEqual([]);
  });

  it("records the alert with no destination chosen", async () => {
    const operator = await seedUser();
    await updateSloAlerting(operator.id, { workspaceId: "", destinationIds: [] });
    expect((await getSloAlerting()).workspace).toBeNull();
    const [change] = await evaluateBurnAlerts(db, [burning(0.01)], new Date("2033-08-01T00:00:00Z"));
    expect((await db.serviceLevelAlert.findUniqueOrThrow({ where: { id: change!.alertId } })).notified).toBe(0);
  });
});

describe("choosing where alerts go", () => {
  it("refuses a destination of another workspace than the chosen one, naming the field, and records a change", async () => {
    const operator = await seedUser();
    const mine = await seedWorkspace(operator.id);
    const other = await seedWorkspace(operator.id);
    const { destination: ours } = await createDestination(mine.id, null, { kind: "email", name: "Ops", addresses: "ops@example.com" });
    const { destination: theirs } = await createDestination(other.id, null, { kind: "email", name: "Theirs", addresses: "them@example.com" });

    const refused = await expectAppError(updateSloAlerting(operator.id, { workspaceId: mine.id, destinationIds: [ours.id, theirs.id] }), "bad_request");
    expect(Object.keys(refused.fields ?? {})).toEqual(["destinationIds"]);
    const noWorkspace = await expectAppError(updateSloAlerting(operator.id, { workspaceId: "no-such-workspace", destinationIds: [ours.id] }), "bad_request");
    expect(Object.keys(noWorkspace.fields ?? {})).toEqual(["workspaceId"]);

    await updateSloAlerting(operator.id, { workspaceId: mine.id, destinationIds: ours.id });
    const view = await getSloAlerting();
    expect(view.workspace?.id).toBe(mine.id);
    expect(view.destinations.map((d) => d.id)).toEqual([ours.id]);
    const event = await db.operatorEvent.findFirst({ where: { action: "service_level_alerts.changed", actorId: operator.id }, orderBy: { occurredAt: "desc" } });
    expect(event).not.toBeNull();
  });
});
