import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as getConverters } from "@/app/api/v1/workspaces/[slug]/reports/owned/converters/route";
import { GET as getReport } from "@/app/api/v1/workspaces/[slug]/reports/owned/route";
import { db } from "@/lib/db/client";
import type { TOwnedReport } from "@/lib/owned/report/report";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { apiKey } from "../dashboards/support";
import { unique } from "../helpers";
import { populated } from "./support";

// GET /api/v1/workspaces/{slug}/reports/owned and .../converters over sends, opens, clicks,
// conversions and blocked sends written as the sends API and the redirect leave them.

const RANGE = "?date_from=2026-11-01&date_to=2026-11-30";

async function call(handler: typeof getReport, path: string, slug: string, key: string, query = RANGE) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/reports/owned${path}${query}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await handler(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the owned-channel report", () => {
  it("counts sends, delivery, opens, human clicks, machine fetches, blocked sends and conversions per campaign", async () => {
    const { workspace, key, weekly, welcome } = await populated();
    const { status, body } = await call(getReport, "", workspace.slug, key);
    expect(status).toBe(200);
    const report = body as unknown as TOwnedReport;
    const byName = Object.fromEntries(report.rows.map((r) => [r.campaign, r]));
    expect(Object.keys(byName).sort()).toEqual(["Weekly newsletter", "Welcome"]);
    const weeklyRow = byName["Weekly newsletter"]!;
    expect(weeklyRow).toMatchObject({
      campaign_id: weekly.campaign.id, kind: "campaign", sends: 3, delivered: 2, failed: 1, delivery_rate: 0.6667,
      opens: 1, open_rate: 0.5, clicks: 1, click_rate: 0.5, machine_opens: 1, machine_clicks: 1,
      unsubscribes: 1, complaints: 0, blocked: 5, blocked_by_reason: { quiet_hours: 3, frequency_cap: 2 },
    });
    expect(weeklyRow.conversions.click).toEqual({ count: 1, rate: 1, revenue: "50.00", member: 0, anonymous: 1 });
    expect(weeklyRow.conversions.open).toEqual({ count: 1, rate: 1, revenue: "50.00", member: 0, anonymous: 1 });
    expect(weeklyRow.conversions.session).toMatchObject({ count: 0, revenue: "0.00" });
    const welcomeRow = byName["Welcome"]!;
    expect(welcomeRow).toMatchObject({ campaign_id: welcome.campaign.id, kind: "flow", sends: 1, opens: 1, clicks: 1, open_rate: 1 });
    expect(welcomeRow.conversions.session).toEqual({ count: 1, rate: 1, revenue: "25.50", member: 1, anonymous: 0 });
    expect(report.totals).toMatchObject({ sends: 4, delivered: 3, opens: 2, clicks: 2, blocked: 5 });
  });

  it("reads anonymous or member when the report is read: a later identify makes the conversion a member's", async () => {
    const { workspace, key } = await populated();
    await db.visitor.update({ where: { workspaceId_anonymousId: { workspaceId: workspace.id, anonymousId: "v1" } }, data: { personKey: "e:later", identifiedAt: new Date() } });
    const report = (await call(getReport, "", workspace.slug, key)).body as unknown as TOwnedReport;
    const weeklyRow = report.rows.find((r) => r.campaign === "Weekly newsletter")!;
    expect(weeklyRow.conversions.click).toMatchObject({ member: 1, anonymous: 0 });
  });

  it("drills from a campaign to its messages and to the orders it led to", async () => {
    const { workspace, key, weekly } = await populated();
    const report = (await call(getReport, "", workspace.slug, key, `${RANGE}&campaign=${weekly.campaign.id}`)).body as unknown as TOwnedReport;
    expect(report.group_by).toBe("template");
    expect(report.rows.map((r) => [r.template, r.sends, r.opens, r.blocked])).toEqual([
      ["Issue A", 2, 1, 3],
      ["Issue B", 1, 0, 2],
    ]);
    const converters = await call(getConverters, "/converters", workspace.slug, key, `${RANGE}&campaign=${weekly.campaign.id}`);
    expect(converters.status).toBe(200);
    expect((converters.body.converters as { order_id: string; kind: string; status: string; revenue: string }[]).map((c) => [c.order_id, c.kind, c.status, c.revenue])).toEqual([
      ["1001", "click", "anonymous", "50.00"],
      ["1001", "open", "anonymous", "50.00"],
    ]);
  });

  it("answers bad input with a 400 naming the parameter", async () => {
    const { workspace, key } = await populated();
    for (const [query, field] of [["?date_from=2026-13-01", "date_from"], ["?channel=fax", "channel"], ["?group_by=week", "group_by"], ["?campaign=a%20b", "campaign"], ["?nope=1", "nope"]] as const) {
      const { status, body } = await call(getReport, "", workspace.slug, key, query);
      expect(status).toBe(400);
      expect(JSON.stringify(body)).toContain(field);
    }
    expect((await call(getConverters, "/converters", workspace.slug, key)).status).toBe(400);
  });

  it("shows nothing of another workspace: its campaign is a 404, its slug too", async () => {
    const { workspace, weekly } = await populated();
    const stranger = await seedUser();
    const other = await seedWorkspace(stranger.id, { name: unique("other") });
    const otherKey = await apiKey(other.id, stranger.id, "viewer");
    const mine = (await call(getReport, "", other.slug, otherKey)).body as unknown as TOwnedReport;
    expect(mine.rows).toEqual([]);
    expect((await call(getConverters, "/converters", other.slug, otherKey, `${RANGE}&campaign=${weekly.campaign.id}`)).status).toBe(404);
    expect((await call(getReport, "", workspace.slug, otherKey)).status).toBe(404);
  });
});
