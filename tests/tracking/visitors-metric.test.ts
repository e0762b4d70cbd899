import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as kpiReport } from "@/app/api/v1/workspaces/[slug]/reports/kpi/route";
import { db } from "@/lib/db/client";
import { composeFigures } from "@/lib/digests/compose";
import { rangeFor } from "@/lib/digests/schedule";
import { localJobsSettled } from "@/lib/jobs/local";
import { runReport } from "@/lib/metrics/report/run";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { setSessionsSource } from "@/lib/metrics/settings/change";
import { apiKey, freshWorkspace } from "../dashboards/support";
import { unique } from "../helpers";
import { D1, D2, D3, setup } from "../metrics/store-fixture";

// The visitors metric over tracked sessions: distinct browsers over the whole range asked for,
// never a sum of daily counts; GA4's total users only where they are unique (one day).

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

afterEach(() => localJobsSettled());

type Visit = { visitor: string; day: string; channel: string; bot?: boolean };

async function withVisits(workspaceId: string, visits: Visit[]) {
  await db.trackedSession.createMany({
    data: visits.map(({ visitor, day, channel, bot = false }) => {
      const startedAt = new Date(`${day}T15:00:00Z`);
      return {
        workspaceId, id: unique("s"), anonymousId: visitor, startedAt, endedAt: startedAt, day: new Date(`${day}T00:00:00Z`),
        channel, device: "desktop", eventCount: 1, pageViews: 1, engagedMs: 0n, isBot: bot, botReason: bot ? "user_agent" : null,
      };
    }),
  });
  // Facts always reach reports through a rollup refresh, which moves the workspace's revision.
  await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
}

// Ann comes on D1 (google) and D2 (direct); Bob twice on D1; a bot on D2; Cat on D3 (facebook).
const VISITS: Visit[] = [
  { visitor: "ann", day: D1, channel: "google" },
  { visitor: "ann", day: D2, channel: "direct" },
  { visitor: "bob", day: D1, channel: "google" },
  { visitor: "bob", day: D1, channel: "google" },
  { visitor: "crawler", day: D2, channel: "direct", bot: true },
  { visitor: "cat", day: D3, channel: "facebook" },
];

const visitors = async (workspaceId: string, date_from: string, date_to: string) =>
  (await runReport(workspaceId, { date_from, date_to, metrics: ["visitors"] })).totals.visitors;

async function withGa4Users(workspaceId: string, days: [string, number][]) {
  const ga4 = await db.connection.create({
    data: { workspaceId, provider: "google_analytics", externalAccountId: "properties/1", displayName: "GA4", credentials: "-" },
  });
  await db.trafficDaily.createMany({
    data: days.map(([day, users]) => ({
      workspaceId, connectionId: ga4.id, day: new Date(`${day}T00:00:00Z`), channelGroup: "Paid Search", source: "google", medium: "cpc",
      sessions: users + 10, users, transactions: 0, purchaseRevenue: "0.00", currency: "USD",
    })),
  });
  await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
}

describe("the visitors metric over tracked sessions", () => {
  it("counts a visitor seen on two days once over a range, and leaves bots out", async () => {
    const workspaceId = await setup();
    await withVisits(workspaceId, VISITS);
    // Ann and Bob: Ann's two days are one visitor; the crawler is a bot.
    expect(await visitors(workspaceId, D1, D2)).toBe(2);
    expect(await visitors(workspaceId, D1, D3)).toBe(3);
    expect(await visitors(workspaceId, D2, D2)).toBe(1);

    const byDay = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["visitors"], group_by: "day" });
    expect(byDay.rows.map((r) => [r.key, r.values.visitors])).toEqual([[D1, 2], [D2, 1], [D3, 1]]);
    // The period's total is counted over the range, not the rows' sum (4).
    expect(byDay.totals).toEqual({ visitors: 3 });
    // D1..D3 (Fri..Sun) are one week.
    const byWeek = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["visitors"], group_by: "week" });
    expect(byWeek.rows.map((r) => [r.key, r.values.visitors])).toEqual([["2026-01-05", 3]]);

    // Ann arrived through two channels: one in each, once in the total.
    const byChannel = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["visitors"], group_by: "channel" });
    expect(Object.fromEntries(byChannel.rows.map((r) => [r.key, r.values.visitors]))).toEqual({ google: 2, direct: 1, facebook: 1 });
    expect(byChannel.totals).toEqual({ visitors: 3 });
    const direct = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["visitors"], filters: { channel: ["direct"] } });
    expect(direct.totals).toEqual({ visitors: 1 });

    // The three days before hold no one: a count, not n/a.
    const compared = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["visitors"], compare: "previous_period" });
    expect(compared.compare_totals).toEqual({ visitors: 0 });
  });

  it("follows the sessions source: GA4's users for one day, n/a over several, tracking when chosen", async () => {
    const workspaceId = await setup();
    await withVisits(workspaceId, VISITS);
    await withGa4Users(workspaceId, [[D1, 90], [D2, 40]]);

    // Automatic: GA4 reported D1 and D2, tracking has D3 alone.
    expect(await visitors(workspaceId, D1, D1)).toBe(90);
    expect(await visitors(workspaceId, D3, D3)).toBe(1);
    const range = await runReport(workspaceId, { date_from: D1, date_to: D2, metrics: ["visitors", "sessions"] });
    expect(range.totals).toEqual({ visitors: null, sessions: 150 });
    expect(range.warnings.some((w) => w.includes("Visitors is n/a"))).toBe(true);
    // A GA4 day and a tracked day cannot be added either: one person may be in both.
    expect(await visitors(workspaceId, D2, D3)).toBeNull();
    const byDay = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["visitors"], group_by: "day" });
    expect(byDay.rows.map((r) => [r.key, r.values.visitors])).toEqual([[D1, 90], [D2, 40], [D3, 1]]);

    await setSessionsSource(workspaceId, "tracking");
    await localJobsSettled();
    expect(await visitors(workspaceId, D1, D2)).toBe(2);
    expect((await runReport(workspaceId, { date_from: D1, date_to: D2, metrics: ["visitors"] })).warnings.some((w) => w.includes("Visitors"))).toBe(false);

    await setSessionsSource(workspaceId, "ga4");
    await localJobsSettled();
    // GA4 alone: D3 has no GA4 report, so no visitors, and the tracked Cat is not counted.
    expect(await visitors(workspaceId, D3, D3)).toBe(0);
    expect(await visitors(workspaceId, D2, D2)).toBe(40);
  });

  it("counts only the workspace's own visitors", async () => {
    const [mine, theirs] = [await setup(), await setup()];
    await withVisits(mine, VISITS);
    // The same anonymous ids in another workspace are other people.
    await withVisits(theirs, [{ visitor: "ann", day: D3, channel: "direct" }, { visitor: "dan", day: D3, channel: "direct" }]);
    expect(await visitors(mine, D1, D3)).toBe(3);
    expect(await visitors(theirs, D1, D3)).toBe(2);
    expect(await visitors(theirs, D1, D2)).toBe(0);
  });

  it("reaches the KPI API, for the workspace's own keys only, and a weekly digest", async () => {
    const workspaceId = await setup();
    await withVisits(workspaceId, VISITS);
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    const owner = await db.membership.findFirstOrThrow({ where: { workspaceId, role: "owner" } });
    const ask = async (key: string) => {
      const url = `http://localhost/api/v1/workspaces/${workspace.slug}/reports/kpi?date_from=${D1}&date_to=${D3}&metrics=visitors`;
      return kpiReport(new NextRequest(url, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ slug: workspace.slug }) });
    };
    const own = await ask(await apiKey(workspaceId, owner.userId, "viewer"));
    expect(own.status).toBe(200);
    expect(((await own.json()) as { totals: Record<string, unknown> }).totals).toEqual({ visitors: 3 });
    const other = await freshWorkspace();
    expect((await ask(await apiKey(other.workspace.id, other.owner.id, "owner"))).status).toBe(404);

    // A weekly digest on Monday 12 January reports the week of D1..D3: three visitors, not four.
    const now = new Date("2026-01-12T14:00:00Z");
    const week = rangeFor("last_week", now, "America/New_York");
    expect(week).toMatchObject({ date_from: "2026-01-05", date_to: D3 });
    const figures = await composeFigures(workspaceId, week, [{ type: "kpis", metrics: ["visitors"] }], [], { now });
    expect(figures.kpis.map((k) => [k.id, k.value, k.previous])).toEqual([["visitors", 3, 0]]);
  });
});
