import { http } from "msw";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/sink/[token]/[channel]/route";
import { runDelivery } from "@/lib/notifications/delivery-run";
import { sendNotification } from "@/lib/notifications/send";
import { listSinkMessages, sinkUrl } from "@/lib/notifications/sink";
import { workspaceWith } from "../helpers";
import { kpiMessage, recordingContext, server, slackDestination } from "./support";

const queued = vi.hoisted(() => [] as { workspaceId: string; destinationId: string; deliveryId: string }[]);
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async (_job: unknown, payload: (typeof queued)[number]) => void queued.push(payload)) }));

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Posts to the sink route as a chat server would reach it. */
async function post(url: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) {
  const [token, channel] = new URL(url).pathname.split("/").slice(-2).map(decodeURIComponent);
  return POST(new NextRequest(url, { method: "POST", body, headers }), { params: Promise.resolve({ token: token!, channel: channel! }) });
}

describe("the webhook sink", () => {
  it("keeps what is posted to a workspace's address and answers like a chat webhook", async () => {
    const { workspace } = await workspaceWith();
    const response = await post(sinkUrl(workspace.id, "growth"), '{"text":"hello"}', { "content-type": "application/json", "webhook-id": "msg_1", cookie: "secret" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
    const [kept] = await listSinkMessages(workspace.id);
    expect(kept).toMatchObject({ channel: "growth", body: '{"text":"hello"}', headers: { "content-type": "application/json", "webhook-id": "msg_1" } });
    expect(kept!.headers).not.toHaveProperty("cookie");
  });

  it("refuses a forged address as not found and a bad channel name as a 400 naming it", async () => {
    const [mine, theirs] = await Promise.all([workspaceWith(), workspaceWith()]);
    const forged = sinkUrl(theirs.workspace.id).replace(theirs.workspace.id, mine.workspace.id);
    expect((await post(forged, "{}")).status).toBe(404);
    const badChannel = await post(sinkUrl(mine.workspace.id, "no spaces!"), "{}");
    expect(badChannel.status).toBe(400);
    expect((await badChannel.json()).error.fields).toHaveProperty("channel");
    expect(await listSinkMessages(mine.workspace.id)).toEqual([]);
  });

  it("receives a Slack destination's test message, through the delivery job", async () => {
    const { workspace } = await workspaceWith();
    const url = sinkUrl(workspace.id, "slack");
    // The job's HTTP call reaches the route handler itself, as it would on a running server.
    server.use(http.post(`${new URL(url).origin}/api/sink/*`, async ({ request }) => post(request.url, await request.text())));
    const destination = await slackDestination(workspace.id, url);
    const { id } = await sendNotification(workspace.id, destination.id, kpiMessage, { kind: "test" });
    await runDelivery(queued.find((q) => q.deliveryId === id)!, recordingContext().context);
    const [arrived] = await listSinkMessages(workspace.id);
    expect(arrived!.channel).toBe("slack");
    expect(JSON.parse(arrived!.body).blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: kpiMessage.title, emoji: true } });
  });
});
