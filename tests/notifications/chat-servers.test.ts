import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createDestination } from "@/lib/notifications/destinations";
import { deliveryStep, runDelivery } from "@/lib/notifications/delivery-run";
import { larkSign } from "@/lib/notifications/formats/lark";
import { standardWebhookSignature } from "@/lib/notifications/formats/webhook";
import { sendNotification } from "@/lib/notifications/send";
import { outboxFor, uniqueEmail, workspaceWith } from "../helpers";
import { kpiMessage, recordingContext, server } from "./support";

// Each kind of destination against a stand-in for its server (msw) answering as its
// documentation says: the request that arrives, and how the answer is read.

const queued = vi.hoisted(() => [] as { workspaceId: string; destinationId: string; deliveryId: string }[]);
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async (_job: unknown, payload: (typeof queued)[number]) => void queued.push(payload)) }));

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function deliver(workspaceId: string, destinationId: string) {
  const { id } = await sendNotification(workspaceId, destinationId, kpiMessage, { kind: "test" });
  const recorded = recordingContext();
  await runDelivery(queued.find((q) => q.deliveryId === id)!, recorded.context);
  return { delivery: await db.notificationDelivery.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId, id } } }), waits: recorded.waits };
}

describe("chat servers", () => {
  it("WeCom: a 200 carrying errcode is a failure, retried and then recorded", async () => {
    const { workspace } = await workspaceWith();
    const url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=aaaa-bbbb";
    const { destination } = await createDestination(workspace.id, null, { kind: "wecom", name: "WeCom", url });
    let calls = 0;
    server.use(http.post("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", () => (calls++, HttpResponse.json({ errcode: 93000, errmsg: "invalid webhook url" }))));
    const { delivery } = await deliver(workspace.id, destination.id);
    expect(calls).toBe(3);
    expect(delivery).toMatchObject({ status: "failed", lastStatus: 200, lastError: "The destination answered error 93000: invalid webhook url" });
  });

  it("WeCom: holds the 21st message of a minute until the bot has room", async () => {
    const { workspace } = await workspaceWith();
    const { destination } = await createDestination(workspace.id, null, { kind: "wecom", name: "WeCom", url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=busy" });
    const now = new Date();
    const oldest = new Date(now.getTime() - 45_000);
    await db.notificationDelivery.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({
        workspaceId: workspace.id,
        destinationId: destination.id,
        messageKind: "alert" as const,
        payload: "x",
        title: `earlier ${i}`,
        status: "delivered" as const,
        lastAttemptAt: i === 0 ? oldest : new Date(now.getTime() - 10_000),
      })),
    });
    const { id } = await sendNotification(workspace.id, destination.id, kpiMessage, { kind: "alert" });
    const step = await deliveryStep({ workspaceId: workspace.id, destinationId: destination.id, deliveryId: id }, { now: () => now });
    // The oldest of the twenty leaves the window in 15 s; nothing was sent or counted meanwhile.
    expect(step).toEqual({ done: false, waitMs: 15_000 });
    const row = await db.notificationDelivery.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id } } });
    expect(row).toMatchObject({ status: "queued", attempts: 0 });
  });

  it("WeCom: a quota answer (45009) waits a minute before the next attempt", async () => {
    const { workspace } = await workspaceWith();
    const { destination } = await createDestination(workspace.id, null, { kind: "wecom", name: "WeCom", url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=quota" });
    let calls = 0;
    server.use(http.post("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", () => HttpResponse.json(calls++ === 0 ? { errcode: 45009, errmsg: "api freq out of limit" } : { errcode: 0, errmsg: "ok" })));
    const { delivery, waits } = await deliver(workspace.id, destination.id);
    expect(delivery.status).toBe("delivered");
    expect(waits).toEqual([60_000]);
  });

  it("DingTalk: posts to the signed URL", async () => {
    const { workspace } = await workspaceWith();
    const { destination } = await createDestination(workspace.id, null, { kind: "dingtalk", name: "DingTalk", url: "https://oapi.dingtalk.com/robot/send?access_token=tok", secret: "SECsecret" });
    const seen: URL[] = [];
    server.use(http.post("https://oapi.dingtalk.com/robot/send", ({ request }) => (seen.push(new URL(request.url)), HttpResponse.json({ errcode: 0, errmsg: "ok" }))));
    const { delivery } = await deliver(workspace.id, destination.id);
    expect(delivery.status).toBe("delivered");
    expect(seen[0]!.searchParams.get("access_token")).toBe("tok");
    expect(seen[0]!.searchParams.get("sign")).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Number(seen[0]!.searchParams.get("timestamp"))).toBeGreaterThan(Date.now() - 60_000);
  });

  it("Lark: sends timestamp and sign in the body", async () => {
    const { workspace } = await workspaceWith();
    const { destination } = await createDestination(workspace.id, null, { kind: "lark", name: "Lark", url: "https://open.larksuite.com/open-apis/bot/v2/hook/h1", secret: "lark" });
    const bodies: { timestamp: string; sign: string }[] = [];
    server.use(http.post("https://open.larksuite.com/open-apis/bot/v2/hook/h1", async ({ request }) => (bodies.push((await request.json()) as never), HttpResponse.json({ code: 0, msg: "success", data: {} }))));
    const { delivery } = await deliver(workspace.id, destination.id);
    expect(delivery.status).toBe("delivered");
    expect(bodies[0]!.sign).toBe(larkSign(Number(bodies[0]!.timestamp), "lark"));
  });

  it("Teams: a 202 with an empty body is delivered", async () => {
    const { workspace } = await workspaceWith();
    const url = "https://prod-12.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s";
    const { destination } = await createDestination(workspace.id, null, { kind: "teams", name: "Teams", url });
    const types: string[] = [];
    server.use(http.post("https://prod-12.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke", async ({ request }) => {
      types.push(((await request.json()) as { attachments: { contentType: string }[] }).attachments[0]!.contentType);
      return new HttpResponse(null, { status: 202 });
    }));
    const { delivery } = await deliver(workspace.id, destination.id);
    expect(delivery).toMatchObject({ status: "delivered", lastStatus: 202 });
    expect(types).toEqual(["application/vnd.microsoft.card.adaptive"]);
  });

  it("Standard Webhooks: the receiver can verify the signature, and retries keep the same webhook-id", async () => {
    const { workspace } = await workspaceWith();
    const { destination, secret } = await createDestination(workspace.id, null, { kind: "webhook", name: "CRM", url: "https://crm.example.com/hooks/signalboard" });
    const received: { id: string; verified: boolean }[] = [];
    server.use(http.post("https://crm.example.com/hooks/signalboard", async ({ request }) => {
      const body = await request.text();
      const id = request.headers.get("webhook-id")!;
      const expected = standardWebhookSignature(secret!, id, Number(request.headers.get("webhook-timestamp")), body);
      received.push({ id, verified: request.headers.get("webhook-signature") === expected });
      return received.length === 1 ? new HttpResponse(null, { status: 502 }) : new HttpResponse(null, { status: 204 });
    }));
    const { delivery } = await deliver(workspace.id, destination.id);
    expect(delivery.status).toBe("delivered");
    expect(received).toEqual([{ id: `msg_${delivery.id}`, verified: true }, { id: `msg_${delivery.id}`, verified: true }]);
  });

  it("email: one message per address, through the mailer", async () => {
    const { workspace } = await workspaceWith();
    const [a, b] = [uniqueEmail("digest"), uniqueEmail("digest")];
    const { destination } = await createDestination(workspace.id, null, { kind: "email", name: "Founders", addresses: [a, b] });
    const { delivery } = await deliver(workspace.id, destination.id);
    expect(delivery.status).toBe("delivered");
    for (const to of [a, b]) expect((await outboxFor(to)).map((m) => m.subject)).toEqual([kpiMessage.title]);
  });
});
