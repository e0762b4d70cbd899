import { http } from "msw";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as sinkRoute } from "@/app/api/sink/[token]/[channel]/route";
import { saveAudienceSettings } from "@/lib/audiences/settings";
import { PER_MESSAGE } from "@/lib/audiences/webhook";
import { personIdOf } from "@/lib/audiences/members";
import { runDelivery } from "@/lib/notifications/delivery-run";
import { createDestination } from "@/lib/notifications/destinations";
import { standardWebhookSignature } from "@/lib/notifications/formats/webhook";
import { listSinkMessages, sinkUrl } from "@/lib/notifications/sink";
import { db } from "@/lib/db/client";
import { expectAppError, workspaceWith } from "../helpers";
import { recordingContext, server } from "../notifications/support";
import { makeTag, tagPeople } from "./factory";

const queued = vi.hoisted(() => [] as { workspaceId: string; destinationId?: string; deliveryId?: string }[]);
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async (_job: unknown, payload: (typeof queued)[number]) => void queued.push(payload)) }));

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SECRET = `whsec_${Buffer.from("audience-webhook-test-secret-32b!").toString("base64")}`;

/** The sink route answering the delivery job's POSTs, as a running server would. */
function sinkReceives(url: string) {
  server.use(
    http.post(`${new URL(url).origin}/api/sink/*`, async ({ request }) => {
      const [token, channel] = new URL(request.url).pathname.split("/").slice(-2).map(decodeURIComponent);
      return sinkRoute(new NextRequest(request.url, { method: "POST", body: await request.text(), headers: request.headers }), { params: Promise.resolve({ token: token!, channel: channel! }) });
    }),
  );
}

describe("the join/leave webhook", () => {
  it("sends one signed message per change (split only past the per-message limit), never one per person", async () => {
    const { workspace } = await workspaceWith();
    const url = sinkUrl(workspace.id, "audience");
    sinkReceives(url);
    const { destination } = await createDestination(workspace.id, null, { kind: "webhook", name: "CRM hook", url, secret: SECRET });
    const tag = await makeTag(workspace.id, "Champions");
    await saveAudienceSettings(workspace.id, tag.id, { webhookDestinationId: destination.id });

    const joined = Array.from({ length: PER_MESSAGE + 10 }, (_, i) => `c:conn:${1000 + i}`);
    await tagPeople(workspace.id, tag.id, joined);
    await tagPeople(workspace.id, tag.id, [], joined.slice(0, 2));

    const deliveries = queued.filter((q) => q.destinationId === destination.id);
    expect(deliveries).toHaveLength(3);
    for (const job of deliveries) await runDelivery(job as Required<(typeof queued)[number]>, recordingContext().context);

    const arrived = (await listSinkMessages(workspace.id)).reverse();
    expect(arrived).toHaveLength(3);
    const bodies = arrived.map((m) => JSON.parse(m.body));
    expect(bodies.map((b) => b.type)).toEqual(["signalboard.audience", "signalboard.audience", "signalboard.audience"]);
    for (const [i, message] of arrived.entries()) {
      const headers = message.headers as Record<string, string>;
      expect(headers["webhook-signature"]).toBe(standardWebhookSignature(SECRET, headers["webhook-id"]!, Number(headers["webhook-timestamp"]), message.body));
      expect(bodies[i].data.refId).toBe(tag.id);
    }
    const idsIn = (body: { data: { message: { sections: { heading?: string; text?: string }[] } } }, heading: string) =>
      body.data.message.sections.find((s) => s.heading === heading)?.text?.split("\n") ?? [];
    expect(bodies[0].data.message.title).toBe(`Audience "Champions": ${joined.length} joined, 0 left`);
    expect([...idsIn(bodies[0], "joined"), ...idsIn(bodies[1], "joined")].sort()).toEqual(joined.map(personIdOf).sort());
    expect(idsIn(bodies[0], "joined")).toHaveLength(PER_MESSAGE);
    expect(bodies[2].data.message.title).toBe('Audience "Champions": 0 joined, 2 left');
    expect(idsIn(bodies[2], "left")).toEqual(joined.slice(0, 2).map(personIdOf));
    expect(arrived.map((m) => m.body).join("")).not.toContain("c:conn:");
  });

  it("sends nothing for an audience without a destination, and refuses another workspace's destination", async () => {
    const [mine, theirs] = await Promise.all([workspaceWith(), workspaceWith()]);
    const tag = await makeTag(mine.workspace.id);
    const before = queued.length;
    await tagPeople(mine.workspace.id, tag.id, ["c:conn:1"]);
    expect(queued.length).toBe(before);
    const { destination } = await createDestination(theirs.workspace.id, null, { kind: "webhook", name: "Theirs", url: "https://hooks.example.com/x" });
    const error = await expectAppError(saveAudienceSettings(mine.workspace.id, tag.id, { webhookDestinationId: destination.id }), "bad_request");
    expect(error.fields).toHaveProperty("webhookDestinationId");
    expect(await db.audienceSetting.count({ where: { workspaceId: mine.workspace.id } })).toBe(0);
  });

  it("records a change of destination in the audit trail, naming what changed, and nothing for a save that changes nothing", async () => {
    const { workspace } = await workspaceWith();
    const tag = await makeTag(workspace.id, "Audited");
    const { destination } = await createDestination(workspace.id, null, { kind: "webhook", name: "Hook", url: "https://hooks.example.com/a" });
    await saveAudienceSettings(workspace.id, tag.id, { webhookDestinationId: destination.id });
    await saveAudienceSettings(workspace.id, tag.id, { webhookDestinationId: destination.id });
    await saveAudienceSettings(workspace.id, tag.id, { webhookDestinationId: "" });
    const events = await db.auditEvent.findMany({ where: { workspaceId: workspace.id, action: "audience.settings_changed" }, orderBy: { occurredAt: "asc" } });
    expect(events.map((e) => [e.targetType, e.targetId, e.changes])).toEqual([
      ["audience", tag.id, { webhookDestinationId: { before: null, after: destination.id } }],
      ["audience", tag.id, { webhookDestinationId: { before: destination.id, after: null } }],
    ]);
  });
});
