import { describe, expect, it, vi } from "vitest";
import * as list from "@/app/api/v1/workspaces/[slug]/digests/route";
import * as one from "@/app/api/v1/workspaces/[slug]/digests/[id]/route";
import * as preview from "@/app/api/v1/workspaces/[slug]/digests/[id]/preview/route";
import * as send from "@/app/api/v1/workspaces/[slug]/digests/[id]/send/route";
import { ZDigestPreviewSchema, ZDigestViewSchema, ZRunOutcomeSchema } from "@/lib/digests/api-schema";
import { db } from "@/lib/db/client";
import { apiKey, call, errorFields, freshWorkspace } from "../dashboards/support";
import { slackDestination } from "../notifications/support";

// Callers authenticate with real API keys; only the browser session is stubbed out (never present).
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

async function setup() {
  const { owner, workspace } = await freshWorkspace();
  const [member, viewer] = await Promise.all([apiKey(workspace.id, owner.id, "member"), apiKey(workspace.id, owner.id, "viewer")]);
  const destination = await slackDestination(workspace.id);
  return { owner, workspace, slug: workspace.slug, member, viewer, destination };
}

const body = (destinationId: string) => ({
  name: "Morning numbers",
  schedule: { kind: "weekdays", time: "09:00" },
  destination_ids: [destinationId],
  template: { default: { title: "{{total_sales}} on {{date}}" } },
});

describe("digests API", () => {
  it("creates, reads, edits, previews, sends now and deletes a digest", async () => {
    const { slug, member, viewer, destination, workspace } = await setup();
    const created = await call(list.POST, { method: "POST", key: member, params: { slug }, body: body(destination.id) });
    expect(created.status).toBe(201);
    const digest = ZDigestViewSchema.parse(created.body!.digest);
    expect(digest).toMatchObject({ basis: "yesterday", time_zone: workspace.timeZone, personal: false, enabled: true });
    expect(digest.schedule_text).toBe(`At 09:00, Monday through Friday (${workspace.timeZone})`);
    const params = { slug, id: digest.id };

    const listed = await call(list.GET, { method: "GET", key: viewer, params: { slug } });
    expect((listed.body!.digests as { id: string }[]).map((d) => d.id)).toEqual([digest.id]);

    const patched = await call(one.PATCH, { method: "PATCH", key: member, params, body: { basis: "last_week", schedule: { kind: "weekly", time: "08:00", day_of_week: "monday" } } });
    expect(patched.status).toBe(200);
    expect(ZDigestViewSchema.parse(patched.body!.digest)).toMatchObject({ basis: "last_week", destination_ids: [destination.id], name: "Morning numbers" });

    const previewed = await call(preview.GET, { method: "GET", key: viewer, params });
    expect(previewed.status).toBe(200);
    const shown = ZDigestPreviewSchema.parse(previewed.body);
    expect(shown.destinations).toHaveLength(1);
    expect(shown.destinations[0]).toMatchObject({ destination_id: destination.id, kind: "slack", skipped: null, error: null });
    // The Slack body the destination receives (Block Kit), with the filled title, and never its URL.
    expect(JSON.stringify(shown.destinations[0]!.body)).toContain(" on ");
    expect(JSON.stringify(shown)).not.toContain("hooks.slack.com/services");

    const viewerSend = await call(send.POST, { method: "POST", key: viewer, params });
    expect(viewerSend.status).toBe(403);
    const sent = await call(send.POST, { method: "POST", key: member, params });
    expect(sent.status).toBe(202);
    const outcome = ZRunOutcomeSchema.parse(sent.body!.outcome);
    expect(outcome.deliveries).toMatchObject([{ destination_id: destination.id, status: "queued" }]);
    expect(await db.notificationDelivery.count({ where: { workspaceId: workspace.id, refId: digest.id } })).toBe(1);

    const deleted = await call(one.DELETE, { method: "DELETE", key: member, params });
    expect(deleted.status).toBe(204);
    expect((await call(one.GET, { method: "GET", key: member, params })).status).toBe(404);
  });

  it("answers bad input with 400 naming the field", async () => {
    const { slug, member, destination } = await setup();
    const bad = async (input: unknown) => {
      const result = await call(list.POST, { method: "POST", key: member, params: { slug }, body: input });
      expect(result.status).toBe(400);
      return errorFields(result);
    };
    expect(Object.keys(await bad({ ...body(destination.id), schedule: { kind: "daily", time: "9am" } }))).toEqual(["schedule.time"]);
    expect(Object.keys(await bad({ ...body(destination.id), template: { default: { title: "{{sales}}" } } }))).toEqual(["template.default.title"]);
    expect(Object.keys(await bad({ ...body(destination.id), sections: [{ type: "kpis", metrics: ["nope"] }] }))).toEqual(["sections.0.metrics.0"]);
    expect(Object.keys(await bad({ ...body(destination.id), time_zone: "Mars/Olympus" }))).toEqual(["time_zone"]);
  });

  it("keeps digests and destinations inside their workspace", async () => {
    const mine = await setup();
    const theirs = await setup();
    const created = await call(list.POST, { method: "POST", key: theirs.member, params: { slug: theirs.slug }, body: body(theirs.destination.id) });
    const id = (created.body!.digest as { id: string }).id;
    // Another workspace's digest is 404 by its own slug with my key, and by my slug.
    for (const params of [{ slug: theirs.slug, id }, { slug: mine.slug, id }]) {
      expect((await call(one.GET, { method: "GET", key: mine.member, params })).status).toBe(404);
      expect((await call(one.PATCH, { method: "PATCH", key: mine.member, params, body: { name: "x" } })).status).toBe(404);
      expect((await call(send.POST, { method: "POST", key: mine.member, params })).status).toBe(404);
      expect((await call(preview.GET, { method: "GET", key: mine.member, params })).status).toBe(404);
      expect((await call(one.DELETE, { method: "DELETE", key: mine.member, params })).status).toBe(404);
    }
    // Nor can a digest name another workspace's destination.
    const stolen = await call(list.POST, { method: "POST", key: mine.member, params: { slug: mine.slug }, body: body(theirs.destination.id) });
    expect(stolen.status).toBe(400);
    expect(Object.keys(errorFields(stolen))).toEqual(["destination_ids"]);
    expect((await call(list.GET, { method: "GET", key: mine.member, params: { slug: mine.slug } })).body).toEqual({ digests: [] });
  });
});
