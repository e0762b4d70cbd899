import { describe, expect, it, vi } from "vitest";
import * as folderRoute from "@/app/api/v1/workspaces/[slug]/messages/folders/[id]/route";
import * as foldersRoute from "@/app/api/v1/workspaces/[slug]/messages/folders/route";
import * as campaignsRoute from "@/app/api/v1/workspaces/[slug]/messages/campaigns/route";
import { db } from "@/lib/db/client";
import { seedOwnedCampaign, seedOwnedSends } from "@/lib/owned/demo/factories";
import { parseOwnedReportQuery } from "@/lib/owned/report/query";
import { ownedReport } from "@/lib/owned/report/report";
import { apiKey, call, errorFields, freshWorkspace } from "../dashboards/support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

// /api/v1/workspaces/{slug}/messages/folders: folders made, renamed and deleted, campaigns and
// flows moved in and out, the report filtered by them; another workspace's folder is a 404 and
// bad input a 400 naming the field, with nothing changed.

async function account() {
  const { owner, workspace } = await freshWorkspace();
  const key = await apiKey(workspace.id, owner.id, "member");
  const news = await seedOwnedCampaign(workspace.id, { name: "Weekly newsletter", templates: ["Issue"] });
  const welcome = await seedOwnedCampaign(workspace.id, { name: "Welcome", kind: "flow", templates: ["Welcome 1"] });
  const sentAt = new Date("2026-11-10T15:00:00Z");
  await seedOwnedSends(workspace.id, "UTC", [
    { campaignId: news.campaign.id, templateId: news.templates[0]!.id, sentAt },
    { campaignId: news.campaign.id, templateId: news.templates[0]!.id, sentAt },
    { campaignId: welcome.campaign.id, templateId: welcome.templates[0]!.id, sentAt },
  ]);
  return { owner, workspace, key, params: { slug: workspace.slug }, news: news.campaign.id, welcome: welcome.campaign.id };
}

const reportSends = async (workspaceId: string, folder: string) =>
  (await ownedReport(workspaceId, parseOwnedReportQuery(new URLSearchParams(`date_from=2026-11-01&date_to=2026-11-30&folder=${folder}`), "2026-11-30"))).rows.map((r) => [r.campaign, r.sends]);

describe("owned-channel folders through the API", () => {
  it("creates, renames, fills, empties and deletes a folder, and the report keeps to it", async () => {
    const { workspace, key, params, news, welcome } = await account();
    const created = await call(foldersRoute.POST, { method: "POST", key, params, body: { name: " Newsletters ", campaigns: [news] } });
    expect(created.status).toBe(201);
    const id = created.body!.id as string;
    expect(created.body).toEqual({ id, name: "Newsletters", campaigns: [{ id: news, name: "Weekly newsletter", kind: "campaign", channel: "email" }] });
    expect(await reportSends(workspace.id, id)).toEqual([["Weekly newsletter", 2]]);

    const renamed = await call(folderRoute.PATCH, { method: "PATCH", key, params: { ...params, id }, body: { name: "Programs", add_campaigns: [welcome] } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Programs", campaigns: [{ name: "Weekly newsletter" }, { name: "Welcome" }] });
    expect(await reportSends(workspace.id, id)).toEqual([["Weekly newsletter", 2], ["Welcome", 1]]);

    const emptied = await call(folderRoute.PATCH, { method: "PATCH", key, params: { ...params, id }, body: { remove_campaigns: [news] } });
    expect(emptied.body).toMatchObject({ campaigns: [{ name: "Welcome" }] });
    const list = await call(foldersRoute.GET, { method: "GET", key, params });
    expect(list.body).toEqual({ folders: [{ id, name: "Programs", campaigns: [{ id: welcome, name: "Welcome", kind: "flow", channel: "email" }] }], unfiled: [{ id: news, name: "Weekly newsletter", kind: "campaign", channel: "email" }] });

    // Defining the flow again without naming a folder leaves it where it was moved.
    const redefined = await call(campaignsRoute.POST, { method: "POST", key, params, body: { campaigns: [{ id: "again", kind: "campaign", channel: "email", name: "Other", templates: [{ id: "t", name: "T" }] }] } });
    expect(redefined.status).toBe(200);
    expect((await call(folderRoute.GET, { method: "GET", key, params: { ...params, id } })).body).toMatchObject({ campaigns: [{ name: "Welcome" }] });

    expect((await call(folderRoute.DELETE, { method: "DELETE", key, params: { ...params, id } })).status).toBe(204);
    expect(await db.ownedFolder.count({ where: { workspaceId: workspace.id } })).toBe(0);
    // Its campaigns, their sends and figures stay, in no folder.
    expect(await db.ownedCampaign.count({ where: { workspaceId: workspace.id, folderId: null } })).toBe(3);
    expect((await call(folderRoute.GET, { method: "GET", key, params: { ...params, id } })).status).toBe(404);
  });

  it("answers bad input with a 400 or 409 naming the field and changes nothing", async () => {
    const { workspace, key, params, news } = await account();
    const made = await call(foldersRoute.POST, { method: "POST", key, params, body: { name: "Newsletters" } });
    const id = made.body!.id as string;
    const cases: [unknown, number, string][] = [
      [{ name: "" }, 400, "name"],
      [{ name: "x".repeat(201) }, 400, "name"],
      [{ name: "Lifecycle", campaigns: [news, "nope"] }, 400, "campaigns.1"],
      [{ name: "Newsletters" }, 409, "name"],
      [{ name: 7 }, 400, "name"],
    ];
    for (const [body, status, field] of cases) {
      const answer = await call(foldersRoute.POST, { method: "POST", key, params, body });
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(errorFields(answer)).toHaveProperty([field]);
    }
    for (const [body, status, field] of [[{}, 400, "name"], [{ add_campaigns: ["nope"] }, 400, "add_campaigns.0"], [{ remove_campaigns: "x" }, 400, "remove_campaigns"]] as const) {
      const answer = await call(folderRoute.PATCH, { method: "PATCH", key, params: { ...params, id }, body });
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(errorFields(answer)).toHaveProperty([field]);
    }
    expect(await db.ownedFolder.findMany({ where: { workspaceId: workspace.id }, select: { name: true } })).toEqual([{ name: "Newsletters" }]);
    expect(await db.ownedCampaign.count({ where: { workspaceId: workspace.id, folderId: { not: null } } })).toBe(0);
    // A viewer reads but cannot change folders.
    const { owner } = { owner: await db.membership.findFirstOrThrow({ where: { workspaceId: workspace.id }, select: { userId: true } }) };
    const viewer = await apiKey(workspace.id, owner.userId, "viewer");
    expect((await call(foldersRoute.GET, { method: "GET", key: viewer, params })).status).toBe(200);
    expect((await call(foldersRoute.POST, { method: "POST", key: viewer, params, body: { name: "Mine" } })).status).toBe(403);
  });

  it("treats another workspace's folder and campaigns as not there", async () => {
    const mine = await account();
    const theirs = await account();
    const theirFolder = (await call(foldersRoute.POST, { method: "POST", key: theirs.key, params: theirs.params, body: { name: "Theirs", campaigns: [theirs.news] } })).body!.id as string;
    const at = { ...mine.params, id: theirFolder };
    expect((await call(folderRoute.GET, { method: "GET", key: mine.key, params: at })).status).toBe(404);
    expect((await call(folderRoute.PATCH, { method: "PATCH", key: mine.key, params: at, body: { name: "Mine now" } })).status).toBe(404);
    expect((await call(folderRoute.DELETE, { method: "DELETE", key: mine.key, params: at })).status).toBe(404);
    // Their campaign cannot be pulled into my folder, nor their folder read through my key.
    const myFolder = (await call(foldersRoute.POST, { method: "POST", key: mine.key, params: mine.params, body: { name: "Mine" } })).body!.id as string;
    const pulled = await call(folderRoute.PATCH, { method: "PATCH", key: mine.key, params: { ...mine.params, id: myFolder }, body: { add_campaigns: [theirs.news] } });
    expect(pulled.status).toBe(400);
    expect(errorFields(pulled)).toHaveProperty(["add_campaigns.0"]);
    expect((await call(folderRoute.GET, { method: "GET", key: mine.key, params: { ...theirs.params, id: theirFolder } })).status).toBe(404);
    expect(await db.ownedFolder.findUnique({ where: { workspaceId_id: { workspaceId: theirs.workspace.id, id: theirFolder } }, select: { name: true } })).toEqual({ name: "Theirs" });
    expect(await db.ownedCampaign.findUnique({ where: { workspaceId_id: { workspaceId: theirs.workspace.id, id: theirs.news } }, select: { folderId: true } })).toEqual({ folderId: theirFolder });
    // My report filtered by their folder shows nothing.
    expect(await reportSends(mine.workspace.id, theirFolder)).toEqual([]);
  });
});
