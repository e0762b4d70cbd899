import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { openJson, sealJson } from "@/lib/crypto/secrets";
import { deliverNotificationJob } from "@/lib/notifications/jobs";
import { sweepDeliveriesJob } from "@/lib/notifications/sweep-job";
import { getDestination } from "@/lib/notifications/destinations";
import { dueDeliveries, listDeliveries, replayDelivery } from "@/lib/notifications/deliveries";
import { MAX_ATTEMPTS, runDelivery } from "@/lib/notifications/delivery-run";
import { sendNotification } from "@/lib/notifications/send";
import { outboxFor, workspaceWith } from "../helpers";
import { kpiMessage, recordingContext, server, slackDestination } from "./support";

// Deliveries are queued through the job seam; here the queue is captured and each job is worked
// with a context that records its waits, so retries and backoff are checked without sleeping.
const queued = vi.hoisted(() => [] as { workspaceId: string; destinationId: string; deliveryId: string }[]);
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async (_job: unknown, payload: (typeof queued)[number]) => void queued.push(payload)) }));

const SLACK = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Answers each POST with the next of `responses` (the last repeats) and keeps the bodies. */
function slackAnswers(responses: (() => Response)[]) {
  const bodies: unknown[] = [];
  server.use(
    http.post(SLACK, async ({ request }) => {
      bodies.push(await request.json());
      return responses[Math.min(bodies.length - 1, responses.length - 1)]!();
    }),
  );
  return bodies;
}

async function sendAndWork(workspaceId: string, destinationId: string) {
  const { id } = await sendNotification(workspaceId, destinationId, kpiMessage, { kind: "test" });
  const job = queued.find((q) => q.deliveryId === id)!;
  const recorded = recordingContext();
  await runDelivery(job, recorded.context);
  const delivery = await db.notificationDelivery.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId, id } } });
  return { delivery, ...recorded };
}

describe("sendNotification", () => {
  it("records a queued delivery with the message sealed and queues its job", async () => {
    const { workspace } = await workspaceWith();
    const destination = await slackDestination(workspace.id);
    const { id, status } = await sendNotification(workspace.id, destination.id, kpiMessage, { kind: "digest", refId: "digest-1" });
    expect(status).toBe("queued");
    expect(queued).toContainEqual({ workspaceId: workspace.id, destinationId: destination.id, deliveryId: id });
    const row = await db.notificationDelivery.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id } } });
    expect(row).toMatchObject({ status: "queued", messageKind: "digest", refId: "digest-1", title: kpiMessage.title, attempts: 0 });
    expect(row.payload).not.toContain("12,480");
    expect(openJson<{ title: string }>(row.payload).title).toBe(kpiMessage.title);
  });

  it("refuses another workspace's destination as not found", async () => {
    const [mine, theirs] = await Promise.all([workspaceWith(), workspaceWith()]);
    const destination = await slackDestination(theirs.workspace.id);
    await expect(sendNotification(mine.workspace.id, destination.id, kpiMessage, { kind: "test" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("names the bad field of a malformed message", async () => {
    const { workspace } = await workspaceWith();
    const destination = await slackDestination(workspace.id);
    const bad = { ...kpiMessage, sections: [{ type: "rows", rows: [] }] };
    await expect(sendNotification(workspace.id, destination.id, bad as never, { kind: "test" })).rejects.toMatchObject({ code: "bad_request", fields: { "sections.0.rows": expect.any(String) } });
  });

  it("records a message to a switched-off destination as a failure saying why", async () => {
    const { workspace } = await workspaceWith();
    const destination = await slackDestination(workspace.id);
    await db.notificationDestination.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: destination.id } }, data: { enabled: false, disabledReason: "It answered HTTP 410" } });
    const before = queued.length;
    const { id, status } = await sendNotification(workspace.id, destination.id, kpiMessage, { kind: "alert" });
    expect(status).toBe("failed");
    expect(queued.length).toBe(before);
    const [entry] = await listDeliveries(workspace.id, destination.id);
    expect(entry).toMatchObject({ id, status: "failed", lastError: expect.stringContaining("HTTP 410") });
  });
});

describe("the delivery job", () => {
  it("retries a 500 after a backoff and records the delivery when the 200 comes", async () => {
    const { workspace } = await workspaceWith();
    const destination = await slackDestination(workspace.id);
    const bodies = slackAnswers([() => new HttpResponse("oops", { status: 500 }), () => new HttpResponse("ok", { status: 200 })]);
    const { delivery, waits } = await sendAndWork(workspace.id, destination.id);
    expect(bodies).toHaveLength(2);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 200, lastError: null });
    // One backoff: the first of an exponential series, with jitter (50-100% of 10 s).
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(5_000);
    expect(waits[0]).toBeLessThanOrEqual(10_000);
  });

  it("waits as long as a 429's Retry-After asks before the next attempt", async () => {
    const { workspace } = await workspaceWith();
    const destination = await slackDestination(workspace.id);
    slackAnswers([() => new HttpResponse("rate_limited", { status: 429, headers: { "retry-after": "30" } }), () => new HttpResponse("ok")]);
    const { delivery, waits } = await sendAndWork(workspace.id, destination.id);
    expect(delivery.status).toBe("delivered");
    expect(waits).toEqual([30_000]);
  });

  it("after three failures keeps a failure record that a replay delivers", async () => {
    const { workspace } = await workspaceWith();
    const destination = await slackDestination(workspace.id);
    const bodies = slackAnswers([() => new HttpResponse("down", { status: 503 })]);
    const { delivery, waits } = await sendAndWork(workspace.id, destination.id);
    expect(bodies).toHaveLength(MAX_ATTEMPTS);
    expect(delivery).toMatchObject({ status: "failed", attempts: 3, lastStatus: 503, lastError: expect.stringContaining("HTTP 503: down") });
    // Exponential: the second wait is drawn from twice the range of the first.
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThanOrEqual(10_000);
    expect(waits[1]).toBeLessThanOrEqual(20_000);
    expect(openJson<{ title: string }>(delivery.payload).title).toBe(kpiMessage.title);

    slackAnswers([() => new HttpResponse("ok")]);
    const replay = await replayDelivery(workspace.id, delivery.id);
    expect(replay).toMatchObject({ status: "queued", replayOf: delivery.id });
    await runDelivery(queued.find((q) => q.deliveryId === replay.id)!, recordingContext().context);
    const log = await listDeliveries(workspace.id, destination.id);
    expect(log.find((d) => d.id === replay.id)).toMatchObject({ status: "delivered", attempts: 1 });
    expect(log.find((d) => d.id === delivery.id)).toMatchObject({ status: "failed" });
  });

  it("switches off a destination that answers 410 and tells the admins once", async () => {
    const { workspace, owner } = await workspaceWith();
    const destination = await slackDestination(workspace.id);
    slackAnswers([() => new HttpResponse("channel_is_archived", { status: 410 })]);
    const { delivery } = await sendAndWork(workspace.id, destination.id);
    expect(delivery).toMatchObject({ status: "failed", attempts: 1, lastStatus: 410 });
    const after = await getDestination(workspace.id, destination.id);
    expect(after.enabled).toBe(false);
    expect(after.disabledReason).toContain("HTTP 410: channel_is_archived");
    // A second message is recorded as failed without a call, and admins are not emailed again.
    const second = await sendNotification(workspace.id, destination.id, kpiMessage, { kind: "test" });
    expect(second.status).toBe("failed");
    const mail = await outboxFor(owner.email);
    expect(mail.filter((m) => m.subject.includes("switched off"))).toHaveLength(1);
  });

  it("emails admins once when a destination keeps failing, and not again until it recovers", async () => {
    const { workspace, owner } = await workspaceWith();
    const destination = await slackDestination(workspace.id);
    slackAnswers([() => new HttpResponse("down", { status: 500 })]);
    for (let i = 0; i < 4; i++) await sendAndWork(workspace.id, destination.id);
    const failing = (await outboxFor(owner.email)).filter((m) => m.subject.includes("keep failing"));
    expect(failing).toHaveLength(1);
    expect(failing[0]!.text).toContain("HTTP 500");
    expect((await getDestination(workspace.id, destination.id)).failureStreak).toBe(4);

    slackAnswers([() => new HttpResponse("ok")]);
    await sendAndWork(workspace.id, destination.id);
    expect((await getDestination(workspace.id, destination.id)).failureStreak).toBe(0);
  });

  it("treats a 400 as final: no retries", async () => {
    const { workspace } = await workspaceWith();
    const destination = await slackDestination(workspace.id);
    const bodies = slackAnswers([() => new HttpResponse("invalid_blocks", { status: 400 })]);
    const { delivery, waits } = await sendAndWork(workspace.id, destination.id);
    expect(bodies).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(delivery).toMatchObject({ status: "failed", lastError: expect.stringContaining("invalid_blocks") });
  });
});

describe("the sweep", () => {
  it("requeues due and interrupted deliveries, and fails interrupted ones with no attempts left", async () => {
    const { workspace } = await workspaceWith();
    const destination = await slackDestination(workspace.id);
    const now = new Date();
    const base = { workspaceId: workspace.id, destinationId: destination.id, messageKind: "alert" as const, payload: "x", title: "t" };
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
    const [due, later, interrupted, spent, busy] = await Promise.all([
      db.notificationDelivery.create({ data: { ...base, status: "queued", attempts: 1, nextAttemptAt: minutesAgo(1) } }),
      db.notificationDelivery.create({ data: { ...base, status: "queued", attempts: 1, nextAttemptAt: new Date(now.getTime() + 600_000) } }),
      db.notificationDelivery.create({ data: { ...base, status: "sending", attempts: 1, lastAttemptAt: minutesAgo(10) } }),
      db.notificationDelivery.create({ data: { ...base, status: "sending", attempts: 3, lastAttemptAt: minutesAgo(10) } }),
      db.notificationDelivery.create({ data: { ...base, status: "sending", attempts: 1, lastAttemptAt: minutesAgo(1) } }),
    ]);
    const jobs = await dueDeliveries(now, { workspaceId: workspace.id });
    expect(jobs.map((j) => j.deliveryId).sort()).toEqual([due.id, interrupted.id].sort());
    expect(jobs.find((j) => j.deliveryId === due.id)).toEqual({ workspaceId: workspace.id, destinationId: destination.id, deliveryId: due.id, attempt: 1 });
    const status = async (id: string) => (await db.notificationDelivery.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id } } })).status;
    expect(await status(spent.id)).toBe("failed");
    expect(await status(busy.id)).toBe("sending");
    expect(await status(later.id)).toBe("queued");
  });

  it("runs as a scheduled job that queues the delivery job for each due delivery, which then delivers", async () => {
    const { workspace } = await workspaceWith();
    const destination = await slackDestination(workspace.id);
    const due = await db.notificationDelivery.create({
      data: { workspaceId: workspace.id, destinationId: destination.id, messageKind: "digest", payload: sealJson(kpiMessage), title: kpiMessage.title, status: "queued", attempts: 1, nextAttemptAt: new Date(Date.now() - 1000) },
    });
    const fannedOut: { job: string; payloads: object[] }[] = [];
    const context = { ...recordingContext().context, enqueue: async (_id: string, job: { id: string }, payloads: object[]) => void fannedOut.push({ job: job.id, payloads }) };
    const sweep = await sweepDeliveriesJob.handler();
    expect(await sweep.run({ workspaceId: workspace.id }, context as never)).toEqual({ queued: 1 });
    expect(fannedOut).toEqual([{ job: deliverNotificationJob.id, payloads: [{ workspaceId: workspace.id, destinationId: destination.id, deliveryId: due.id, attempt: 1 }] }]);

    slackAnswers([() => new HttpResponse("ok")]);
    const deliver = await deliverNotificationJob.handler();
    await deliver.run(fannedOut[0]!.payloads[0] as never, recordingContext().context);
    expect((await listDeliveries(workspace.id, destination.id))[0]).toMatchObject({ id: due.id, status: "delivered", attempts: 2 });
  });
});
