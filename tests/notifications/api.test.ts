import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import * as collection from "@/app/api/v1/workspaces/[slug]/notification-destinations/route";
import * as one from "@/app/api/v1/workspaces/[slug]/notification-destinations/[id]/route";
import * as test from "@/app/api/v1/workspaces/[slug]/notification-destinations/[id]/test/route";
import * as deliveries from "@/app/api/v1/workspaces/[slug]/notification-destinations/[id]/deliveries/route";
import * as replay from "@/app/api/v1/workspaces/[slug]/notification-deliveries/[id]/replay/route";
import { db } from "@/lib/db/client";
import { apiKey, call, errorFields, freshWorkspace } from "../dashboards/support";

const queued = vi.hoisted(() => [] as { deliveryId: string }[]);
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async (_job: unknown, payload: (typeof queued)[number]) => void queued.push(payload)) }));

const SLACK = { kind: "slack", name: "Growth", url: "https://hooks.slack.com/services/T1/B1/secretTOKEN9876" };

async function adminSetup() {
  const { owner, workspace } = await freshWorkspace();
  return { owner, workspace, key: await apiKey(workspace.id, owner.id, "admin") };
}

describe("notification destinations API", () => {
  it("creates, reads, edits and deletes a destination without ever returning its secrets", async () => {
    const { workspace, key } = await adminSetup();
    const params = { slug: workspace.slug };
    const created = await call(collection.POST, { method: "POST", key, params, body: { kind: "dingtalk", name: "Ops", url: "https://oapi.dingtalk.com/robot/send?access_token=tokABCD", secret: "SECverysecret1234" } });
    expect(created.status).toBe(201);
    const destination = created.body!.destination as { id: string; hint: Record<string, string> };
    expect(destination.hint).toEqual({ url: "oapi.dingtalk.com/••••ABCD", secret: "••••1234" });
    expect(JSON.stringify(created.body)).not.toMatch(/tokABCD|SECverysecret/);

    const listed = await call(collection.GET, { method: "GET", key, params });
    expect((listed.body!.destinations as { id: string }[]).map((d) => d.id)).toEqual([destination.id]);
    expect(JSON.stringify(listed.body)).not.toMatch(/tokABCD|SECverysecret/);

    const edited = await call(one.PATCH, { method: "PATCH", key, params: { ...params, id: destination.id }, body: { name: "Ops room", enabled: false } });
    expect(edited.status).toBe(200);
    expect(edited.body!.destination).toMatchObject({ name: "Ops room", enabled: false, hint: { secret: "••••1234" } });

    expect((await call(one.GET, { method: "GET", key, params: { ...params, id: destination.id } })).body!.destination).toMatchObject({ name: "Ops room" });
    expect((await call(one.DELETE, { method: "DELETE", key, params: { ...params, id: destination.id } })).status).toBe(204);
    expect((await call(one.GET, { method: "GET", key, params: { ...params, id: destination.id } })).status).toBe(404);
  });

  it("returns a webhook's generated secret once, on creation", async () => {
    const { workspace, key } = await adminSetup();
    const created = await call(collection.POST, { method: "POST", key, params: { slug: workspace.slug }, body: { kind: "webhook", name: "CRM", url: "https://crm.example.com/hook" } });
    const secret = created.body!.secret as string;
    expect(secret).toMatch(/^whsec_/);
    const id = (created.body!.destination as { id: string }).id;
    const fetched = await call(one.GET, { method: "GET", key, params: { slug: workspace.slug, id } });
    expect(JSON.stringify(fetched.body)).not.toContain(secret);
  });

  it("answers an invalid webhook URL with a 400 naming url", async () => {
    const { workspace, key } = await adminSetup();
    for (const url of ["http://hooks.slack.com/services/x", "https://10.0.0.5/hook", "https://u:p@hooks.slack.com/x"]) {
      const result = await call(collection.POST, { method: "POST", key, params: { slug: workspace.slug }, body: { ...SLACK, url } });
      expect(result.status, url).toBe(400);
      expect(Object.keys(errorFields(result))).toEqual(["url"]);
    }
  });

  it("sends a test, lists the delivery log and replays a failed delivery", async () => {
    const { workspace, key } = await adminSetup();
    const params = { slug: workspace.slug };
    const id = ((await call(collection.POST, { method: "POST", key, params, body: SLACK })).body!.destination as { id: string }).id;
    const sent = await call(test.POST, { method: "POST", key, params: { ...params, id } });
    expect(sent.status).toBe(202);
    const delivery = sent.body!.delivery as { id: string; status: string; messageKind: string; title: string };
    expect(delivery).toMatchObject({ status: "queued", messageKind: "test" });
    expect(delivery.title).toContain(workspace.name);
    expect(queued.map((q) => q.deliveryId)).toContain(delivery.id);

    await db.notificationDelivery.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: delivery.id } }, data: { status: "failed", attempts: 3, lastError: "HTTP 500" } });
    const log = await call(deliveries.GET, { method: "GET", key, params: { ...params, id } });
    expect((log.body!.deliveries as { id: string; status: string }[])).toEqual([expect.objectContaining({ id: delivery.id, status: "failed", lastError: "HTTP 500" })]);

    const replayed = await call(replay.POST, { method: "POST", key, params: { ...params, id: delivery.id } });
    expect(replayed.status).toBe(202);
    expect(replayed.body!.delivery).toMatchObject({ status: "queued", replayOf: delivery.id });
    const again = await call(replay.POST, { method: "POST", key, params: { ...params, id: (replayed.body!.delivery as { id: string }).id } });
    expect(again.status).toBe(409);
  });

  it("filters the log to failed deliveries and names a bad status", async () => {
    const { workspace, key } = await adminSetup();
    const id = ((await call(collection.POST, { method: "POST", key, params: { slug: workspace.slug }, body: SLACK })).body!.destination as { id: string }).id;
    await db.notificationDelivery.createMany({
      data: ["delivered", "failed"].map((status) => ({ workspaceId: workspace.id, destinationId: id, messageKind: "alert" as const, payload: "x", title: status, status: status as "failed" })),
    });
    const get = async (query: string) => {
      const request = new NextRequest(`http://localhost/api/v1/workspaces/${workspace.slug}/notification-destinations/${id}/deliveries${query}`, { headers: { authorization: `Bearer ${key}` } });
      const response = await deliveries.GET(request, { params: Promise.resolve({ slug: workspace.slug, id }) });
      return { status: response.status, body: await response.json() };
    };
    expect((await get("?status=failed")).body.deliveries.map((d: { title: string }) => d.title)).toEqual(["failed"]);
    const bad = await get("?status=delivered");
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(["status"]);
  });

  it("answers 404 for another workspace's destinations and deliveries", async () => {
    const [mine, theirs] = await Promise.all([adminSetup(), adminSetup()]);
    const id = ((await call(collection.POST, { method: "POST", key: theirs.key, params: { slug: theirs.workspace.slug }, body: SLACK })).body!.destination as { id: string }).id;
    const sent = await call(test.POST, { method: "POST", key: theirs.key, params: { slug: theirs.workspace.slug, id } });
    const deliveryId = (sent.body!.delivery as { id: string }).id;
    const params = { slug: mine.workspace.slug, id };
    expect((await call(one.GET, { method: "GET", key: mine.key, params })).status).toBe(404);
    expect((await call(one.PATCH, { method: "PATCH", key: mine.key, params, body: { name: "x" } })).status).toBe(404);
    expect((await call(one.DELETE, { method: "DELETE", key: mine.key, params })).status).toBe(404);
    expect((await call(test.POST, { method: "POST", key: mine.key, params })).status).toBe(404);
    expect((await call(deliveries.GET, { method: "GET", key: mine.key, params })).status).toBe(404);
    expect((await call(replay.POST, { method: "POST", key: mine.key, params: { slug: mine.workspace.slug, id: deliveryId } })).status).toBe(404);
    // Their key on my slug is 404 too.
    expect((await call(collection.GET, { method: "GET", key: theirs.key, params: { slug: mine.workspace.slug } })).status).toBe(404);
  });

  it("refuses members and viewers", async () => {
    const { owner, workspace } = await freshWorkspace();
    for (const role of ["member", "viewer"] as const) {
      const key = await apiKey(workspace.id, owner.id, role);
      expect((await call(collection.GET, { method: "GET", key, params: { slug: workspace.slug } })).status).toBe(403);
      expect((await call(collection.POST, { method: "POST", key, params: { slug: workspace.slug }, body: SLACK })).status).toBe(403);
    }
    expect(await db.notificationDestination.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});
