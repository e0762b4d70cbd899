import { describe, expect, it, vi } from "vitest";
import * as incidentsRoute from "@/app/api/v1/workspaces/[slug]/alerts/incidents/route";
import * as previewRoute from "@/app/api/v1/workspaces/[slug]/alerts/preview/route";
import * as ruleRoute from "@/app/api/v1/workspaces/[slug]/alerts/rules/[id]/route";
import * as silenceRoute from "@/app/api/v1/workspaces/[slug]/alerts/rules/[id]/silence/route";
import * as rulesRoute from "@/app/api/v1/workspaces/[slug]/alerts/rules/route";
import { db } from "@/lib/db/client";
import { apiKey, call, errorFields, freshWorkspace } from "../dashboards/support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const SPEND_RULE = {
  name: "Spend fell",
  kind: "metric",
  metric: "ad_spend",
  method: "change",
  window: "complete_day",
  params: { direction: "drop", percent: 25 },
};

async function workspaceWithKeys() {
  const { owner, workspace } = await freshWorkspace();
  return { workspace, owner, member: await apiKey(workspace.id, owner.id, "member"), viewer: await apiKey(workspace.id, owner.id, "viewer") };
}

describe("alert rules API", () => {
  it("creates, reads, changes, silences and deletes a rule", async () => {
    const { workspace, member } = await workspaceWithKeys();
    const slug = workspace.slug;
    const created = await call(rulesRoute.POST, { method: "POST", key: member, params: { slug }, body: SPEND_RULE });
    expect(created.status).toBe(201);
    const id = created.body!.id as string;
    expect(created.body).toMatchObject({ ...SPEND_RULE, check: null, hours: null, destination_ids: [], muted: false, snoozed_until: null });

    const list = await call(rulesRoute.GET, { method: "GET", key: member, params: { slug } });
    expect((list.body!.rules as { id: string }[]).map((r) => r.id)).toEqual([id]);

    const changed = await call(ruleRoute.PATCH, { method: "PATCH", key: member, params: { slug, id }, body: { method: "anomaly", params: { direction: "either", sensitivity: "high" } } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: "Spend fell", method: "anomaly", params: { direction: "either", sensitivity: "high" } });

    const snoozed = await call(silenceRoute.POST, { method: "POST", key: member, params: { slug, id }, body: { snoozed_until: "2026-12-06T09:00:00Z", muted: true } });
    expect(snoozed.body).toMatchObject({ muted: true, snoozed_until: "2026-12-06T09:00:00.000Z" });
    const woken = await call(silenceRoute.POST, { method: "POST", key: member, params: { slug, id }, body: { snoozed_until: null } });
    expect(woken.body).toMatchObject({ muted: true, snoozed_until: null });

    expect((await call(ruleRoute.DELETE, { method: "DELETE", key: member, params: { slug, id } })).status).toBe(204);
    expect((await call(ruleRoute.GET, { method: "GET", key: member, params: { slug, id } })).status).toBe(404);
  });

  it("refuses an unknown metric with a 400 naming it", async () => {
    const { workspace, member } = await workspaceWithKeys();
    const result = await call(rulesRoute.POST, { method: "POST", key: member, params: { slug: workspace.slug }, body: { ...SPEND_RULE, metric: "ad_spendd" } });
    expect(result.status).toBe(400);
    expect(errorFields(result).metric).toMatch(/unknown metric "ad_spendd"\. Did you mean ad_spend/);
  });

  it("names each missing or wrong field of a rule", async () => {
    const { workspace, member } = await workspaceWithKeys();
    const slug = workspace.slug;
    const noPercent = await call(rulesRoute.POST, { method: "POST", key: member, params: { slug }, body: { ...SPEND_RULE, params: { direction: "drop" } } });
    expect(errorFields(noPercent)).toHaveProperty(["params.percent"]);
    const untimed = await call(rulesRoute.POST, { method: "POST", key: member, params: { slug }, body: { ...SPEND_RULE, window: "today_so_far" } });
    expect(errorFields(untimed).window).toMatch(/ad_spend arrives per day/);
    const noHours = await call(rulesRoute.POST, { method: "POST", key: member, params: { slug }, body: { name: "Syncs", kind: "integration", check: "sync_failing" } });
    expect(errorFields(noHours).hours).toMatch(/sync_failing needs hours/);
    const badDestination = await call(rulesRoute.POST, { method: "POST", key: member, params: { slug }, body: { ...SPEND_RULE, destination_ids: ["nope"] } });
    expect(errorFields(badDestination)["destination_ids.0"]).toMatch(/No notification destination "nope"/);
    const badSnooze = await call(rulesRoute.POST, { method: "POST", key: member, params: { slug }, body: { ...SPEND_RULE, snoozed_until: "tomorrow" } });
    expect(errorFields(badSnooze).snoozed_until).toMatch(/ISO 8601/);
    expect((await call(incidentsRoute.GET, { method: "GET", key: member, params: { slug } })).status).toBe(200);
  });

  it("accepts destinations of the workspace", async () => {
    const { workspace, member } = await workspaceWithKeys();
    const destination = await db.notificationDestination.create({ data: { workspaceId: workspace.id, kind: "webhook", name: "Ops", config: "sealed" } });
    const result = await call(rulesRoute.POST, { method: "POST", key: member, params: { slug: workspace.slug }, body: { ...SPEND_RULE, destination_ids: [destination.id] } });
    expect(result.status).toBe(201);
    expect(result.body!.destination_ids).toEqual([destination.id]);
  });

  it("lets viewers read but not write", async () => {
    const { workspace, member, viewer } = await workspaceWithKeys();
    const slug = workspace.slug;
    const id = (await call(rulesRoute.POST, { method: "POST", key: member, params: { slug }, body: SPEND_RULE })).body!.id as string;
    expect((await call(rulesRoute.GET, { method: "GET", key: viewer, params: { slug } })).status).toBe(200);
    expect((await call(rulesRoute.POST, { method: "POST", key: viewer, params: { slug }, body: SPEND_RULE })).status).toBe(403);
    expect((await call(ruleRoute.PATCH, { method: "PATCH", key: viewer, params: { slug, id }, body: { name: "x" } })).status).toBe(403);
    expect((await call(silenceRoute.POST, { method: "POST", key: viewer, params: { slug, id }, body: { muted: true } })).status).toBe(403);
    expect((await call(ruleRoute.DELETE, { method: "DELETE", key: viewer, params: { slug, id } })).status).toBe(403);
  });

  it("answers 404 for another workspace's rules, incidents and destinations", async () => {
    const mine = await workspaceWithKeys();
    const theirs = await workspaceWithKeys();
    const id = (await call(rulesRoute.POST, { method: "POST", key: theirs.member, params: { slug: theirs.workspace.slug }, body: SPEND_RULE })).body!.id as string;
    const slug = mine.workspace.slug;
    expect((await call(ruleRoute.GET, { method: "GET", key: mine.member, params: { slug, id } })).status).toBe(404);
    expect((await call(ruleRoute.PATCH, { method: "PATCH", key: mine.member, params: { slug, id }, body: { name: "mine now" } })).status).toBe(404);
    expect((await call(silenceRoute.POST, { method: "POST", key: mine.member, params: { slug, id }, body: { muted: true } })).status).toBe(404);
    expect((await call(ruleRoute.DELETE, { method: "DELETE", key: mine.member, params: { slug, id } })).status).toBe(404);
    // Their key on my workspace, and my key on theirs.
    expect((await call(rulesRoute.GET, { method: "GET", key: theirs.member, params: { slug } })).status).toBe(404);
    expect((await call(incidentsRoute.GET, { method: "GET", key: mine.member, params: { slug: theirs.workspace.slug } })).status).toBe(404);
    await db.alertIncident.create({ data: { workspaceId: theirs.workspace.id, ruleId: id, day: "2026-11-02", method: "m", summary: "s", deviation: 1 } });
    const incidents = await call(incidentsRoute.GET, { method: "GET", key: mine.member, params: { slug } });
    expect(incidents.body).toEqual({ incidents: [] });
    const destination = await db.notificationDestination.create({ data: { workspaceId: theirs.workspace.id, kind: "webhook", name: "Theirs", config: "sealed" } });
    const stolen = await call(rulesRoute.POST, { method: "POST", key: mine.member, params: { slug }, body: { ...SPEND_RULE, destination_ids: [destination.id] } });
    expect(stolen.status).toBe(400);
    expect((await db.alertRule.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: theirs.workspace.id, id } } })).name).toBe("Spend fell");
  });

  it("previews what a rule would say now, without recording anything", async () => {
    const { workspace, viewer } = await workspaceWithKeys();
    const result = await call(previewRoute.POST, { method: "POST", key: viewer, params: { slug: workspace.slug }, body: SPEND_RULE });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ judgements: [{ state: "insufficient", method: expect.stringMatching(/^change: /) }] });
    expect((result.body!.chart as unknown[]).length).toBe(57);
    expect(await db.alertIncident.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});
