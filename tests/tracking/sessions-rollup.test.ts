import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { localJobsSettled } from "@/lib/jobs/local";
import { runReport } from "@/lib/metrics/report/run";
import { latestRollupRebuild } from "@/lib/metrics/rollups/rebuild-jobs";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { setSessionsSource } from "@/lib/metrics/settings/change";
import { effectiveSessionsSource, getMetricSettings } from "@/lib/metrics/settings/store";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { expectAppError } from "../helpers";
import { D1, D2, D3, setup } from "../metrics/store-fixture";

// Tracked sessions as the source of "sessions" beside GA4's, over the hand-built store of
// store-fixture.ts (5 orders over D1..D3 in New York: 3 google, 1 direct, 1 facebook).

afterEach(() => localJobsSettled());

let n = 0;
/** `count` tracked sessions on a day and channel, `bots` of them flagged. */
function sessions(workspaceId: string, day: string, channel: string, count: number, bots = 0) {
  return Array.from({ length: count }, (_, i) => {
    n++;
    const startedAt = new Date(`${day}T15:00:00Z`);
    return {
      workspaceId, id: `s${n}`, anonymousId: `v${n}`, startedAt, endedAt: startedAt, day: new Date(`${day}T00:00:00Z`),
      channel, device: "desktop", eventCount: 1, pageViews: 1, engagedMs: 0n,
      isBot: i < bots, botReason: i < bots ? "user_agent" : null,
    };
  });
}

async function withTrackedSessions(workspaceId: string) {
  await db.trackedSession.createMany({
    data: [
      ...sessions(workspaceId, D1, "google", 60, 10),
      ...sessions(workspaceId, D2, "direct", 40, 5),
      ...sessions(workspaceId, D3, "facebook", 25),
    ],
  });
}

async function withGa4(workspaceId: string) {
  const ga4 = await db.connection.create({
    data: { workspaceId, provider: "google_analytics", externalAccountId: "properties/1", displayName: "GA4", credentials: "-" },
  });
  // GA4 reports every day, as a live property does.
  await db.trafficDaily.createMany({
    data: ([[D1, 500], [D2, 300], [D3, 200]] as const).map(([day, sessions]) => ({
      workspaceId, connectionId: ga4.id, day: new Date(`${day}T00:00:00Z`), channelGroup: "Paid Search", source: "google", medium: "cpc",
      sessions, users: sessions - 100, transactions: 1, purchaseRevenue: "50.00", currency: "USD",
    })),
  });
}

const METRICS = ["orders", "sessions", "conversion_rate"];

describe("tracked sessions in the traffic rollup", () => {
  it("give a store without GA4 its sessions and conversion rate, leaving bots out and saying how many", async () => {
    const workspaceId = await setup();
    await withTrackedSessions(workspaceId);
    await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });

    const report = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: METRICS });
    // 50 + 35 + 25 people's sessions; 5 orders / 110 sessions.
    expect(report.totals).toEqual({ orders: 5, sessions: 110, conversion_rate: "0.0455" });
    expect(report.warnings).toContain("15 tracked sessions from bots were left out of the sessions.");

    const byChannel = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: METRICS, group_by: "channel" });
    expect(Object.fromEntries(byChannel.rows.map((r) => [r.key, r.values]))).toMatchObject({
      google: { orders: 3, sessions: 50, conversion_rate: "0.0600" },
      direct: { orders: 1, sessions: 35 },
      facebook: { orders: 1, sessions: 25, conversion_rate: "0.0400" },
    });
    // The same answer when whole weeks and months are read from the period rollups.
    const monthly = await runReport(workspaceId, { date_from: "2026-01-01", date_to: "2026-01-31", metrics: ["sessions"] });
    expect(monthly.totals).toEqual({ sessions: 110 });
    expect(monthly.warnings).toContain("15 tracked sessions from bots were left out of the sessions.");
  });

  it("count GA4's sessions for the days GA4 reported, unless the workspace chooses tracking, and rebuild on a change", async () => {
    const workspaceId = await setup();
    await withTrackedSessions(workspaceId);
    await withGa4(workspaceId);
    expect(await effectiveSessionsSource(workspaceId)).toBe("ga4");
    await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
    const ga4 = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: METRICS });
    expect(ga4.totals).toEqual({ orders: 5, sessions: 1000, conversion_rate: "0.0050" });
    expect(ga4.warnings.some((w) => w.includes("bots"))).toBe(false);

    await setSessionsSource(workspaceId, "tracking");
    expect((await getMetricSettings(workspaceId)).sessionsSource).toBe("tracking");
    expect((await latestRollupRebuild(workspaceId))?.reason).toContain("Sessions source changed");
    await localJobsSettled();
    const tracked = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: METRICS });
    expect(tracked.totals).toEqual({ orders: 5, sessions: 110, conversion_rate: "0.0455" });

    await setSessionsSource(workspaceId, "auto");
    expect((await getMetricSettings(workspaceId)).sessionsSource).toBeNull();
    await localJobsSettled();
    expect((await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["sessions"] })).totals).toEqual({ sessions: 1000 });

    // Automatic judges day by day: a day GA4 did not report takes the tracked sessions (D3: 25).
    await db.trafficDaily.deleteMany({ where: { workspaceId, day: new Date(`${D3}T00:00:00Z`) } });
    await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
    expect((await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["sessions"] })).totals).toEqual({ sessions: 825 });
  });

  it("refuse an unknown source, naming the field", async () => {
    const workspaceId = await setup();
    const error = await expectAppError(setSessionsSource(workspaceId, "matomo"), "bad_request");
    expect(Object.keys(error.fields ?? {})).toEqual(["sessionsSource"]);
    expect((await getMetricSettings(workspaceId)).sessionsSource).toBeNull();
  });

  it("rebuild a workspace whose only facts are tracked sessions when its source changes", async () => {
    const owner = await seedUser();
    const { id: workspaceId } = await seedWorkspace(owner.id, { timeZone: "UTC" });
    await db.trackedSession.createMany({ data: sessions(workspaceId, "2026-02-02", "direct", 3, 1) });
    await setSessionsSource(workspaceId, "tracking");
    const rebuild = await latestRollupRebuild(workspaceId);
    expect(rebuild).toMatchObject({ fromDay: "2026-02-02", reason: "Sessions source changed" });
    await localJobsSettled();
    const report = await runReport(workspaceId, { date_from: "2026-02-01", date_to: "2026-02-03", metrics: ["sessions"] });
    expect(report.totals).toEqual({ sessions: 2 });
    expect(report.warnings).toContain("1 tracked session from bots was left out of the sessions.");
  });
});
