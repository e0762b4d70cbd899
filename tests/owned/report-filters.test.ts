import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as getReport } from "@/app/api/v1/workspaces/[slug]/reports/owned/route";
import { db } from "@/lib/db/client";
import type { TOwnedReport } from "@/lib/owned/report/report";
import { populated } from "./support";

// The report's folder filter and its unsubscribe and complaint counts per campaign, flow and
// message, through the API as a caller reads them.

async function report(slug: string, key: string, query: string) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/reports/owned?date_from=2026-11-01&date_to=2026-11-30${query}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await getReport(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, body: (await response.json()) as TOwnedReport & { error?: { message: string } } };
}

describe("the owned-channel report's filters", () => {
  it("keeps to one folder's campaigns and flows, and never to another workspace's folder", async () => {
    const { workspace, key, welcome } = await populated();
    const folder = await db.ownedFolder.create({ data: { workspaceId: workspace.id, name: "Lifecycle" } });
    await db.ownedCampaign.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: welcome.campaign.id } }, data: { folderId: folder.id } });

    const all = await report(workspace.slug, key, "");
    expect(all.body.rows.map((r) => r.campaign).sort()).toEqual(["Weekly newsletter", "Welcome"]);
    const inFolder = await report(workspace.slug, key, `&folder=${folder.id}`);
    expect(inFolder.status).toBe(200);
    expect(inFolder.body.rows.map((r) => [r.campaign, r.kind, r.sends])).toEqual([["Welcome", "flow", 1]]);
    expect(inFolder.body.totals).toMatchObject({ sends: 1, clicks: 1, blocked: 0, unsubscribes: 0 });
    expect(inFolder.body.totals.conversions.session).toMatchObject({ count: 1, revenue: "25.50" });

    // Another workspace's folder id filters to nothing here.
    const other = await populated();
    const theirs = await db.ownedFolder.create({ data: { workspaceId: other.workspace.id, name: "Lifecycle" } });
    const crossed = await report(workspace.slug, key, `&folder=${theirs.id}`);
    expect([crossed.status, crossed.body.rows, crossed.body.totals.sends]).toEqual([200, [], 0]);
    expect((await report(workspace.slug, key, "&folder=not%20an%20id")).status).toBe(400);
  });

  it("counts unsubscribes and spam complaints per campaign and per message, each once per send", async () => {
    const { workspace, key, weekly } = await populated();
    const [issueA] = weekly.templates;
    // A complaint on a second send of Issue A (the first send already unsubscribed by link), twice.
    const sends = await db.ownedSend.findMany({ where: { workspaceId: workspace.id, templateId: issueA!.id, isTest: false }, orderBy: { id: "asc" }, select: { id: true } });
    for (const at of ["2026-11-12T08:00:00Z", "2026-11-13T08:00:00Z"]) {
      await db.ownedSendEvent.upsert({
        where: { workspaceId_sendId_kind: { workspaceId: workspace.id, sendId: sends[0]!.id, kind: "spam_complaint" } },
        create: { workspaceId: workspace.id, sendId: sends[0]!.id, kind: "spam_complaint", at: new Date(at), source: "api" },
        update: {},
      });
    }
    const byCampaign = await report(workspace.slug, key, "");
    expect(byCampaign.body.rows.find((r) => r.campaign === "Weekly newsletter")).toMatchObject({ unsubscribes: 1, complaints: 1, unsubscribe_rate: 0.5 });
    expect(byCampaign.body.rows.find((r) => r.campaign === "Welcome")).toMatchObject({ unsubscribes: 0, complaints: 0 });

    const byMessage = await report(workspace.slug, key, `&campaign=${weekly.campaign.id}`);
    expect(byMessage.body.group_by).toBe("template");
    expect(byMessage.body.rows.map((r) => [r.template, r.sends, r.unsubscribes, r.complaints])).toEqual([
      ["Issue A", 2, 1, 1],
      ["Issue B", 1, 0, 0],
    ]);
  });
});
