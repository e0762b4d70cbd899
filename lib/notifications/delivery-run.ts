import { db } from "@/lib/db/client";
import { openJson } from "@/lib/crypto/secrets";
import { backoffMs } from "@/lib/connectors/common/retry";
import type { JobContext } from "@/lib/jobs/define";
import { alertAdminsAboutDestination } from "./admin-alerts";
import { attemptSend, type AttemptOptions, type AttemptResult } from "./attempt";
import type { DestinationConfig } from "./config";
import { FORMATTERS } from "./formats";
import type { ValidMessage } from "./message";
import type { DeliverJob } from "./job-payloads";
import { isSinkUrl } from "./sink";
import { assertPublicHost } from "./url-policy";

// Working one delivery: up to three attempts with exponential backoff and jitter (or the
// destination's Retry-After), each recorded on the delivery row before and after it is made, so
// the log shows what happened and a stopped process loses nothing. Each attempt claims the row
// (queued -> sending) so two workers never send the same delivery.

export const MAX_ATTEMPTS = 3;
export const BASE_BACKOFF_MS = 10_000;
/** Waits longer than this are left to the sweep instead of holding the destination's lane. */
export const MAX_INLINE_WAIT_MS = 5 * 60_000;
/** Failed deliveries in a row after which admins are emailed. */
export const FAILING_STREAK = 3;

export type DeliveryDeps = AttemptOptions & { now?: () => Date; resolveHost?: (host: string) => Promise<string[]> };

type Step = { done: true } | { done: false; waitMs: number };

async function fail(workspaceId: string, id: string, error: string, status: number | null = null) {
  await db.notificationDelivery.update({
    where: { workspaceId_id: { workspaceId, id } },
    data: { status: "failed", lastError: error.slice(0, 1000), lastStatus: status, nextAttemptAt: null },
  });
}

/** Milliseconds to hold the next send so the destination's per-minute limit is kept; 0 to send now. */
async function throttleWait(job: DeliverJob, perMinute: number | undefined, now: Date): Promise<number> {
  if (!perMinute) return 0;
  const windowStart = new Date(now.getTime() - 60_000);
  const recent = await db.notificationDelivery.findMany({
    where: { workspaceId: job.workspaceId, destinationId: job.destinationId, lastAttemptAt: { gt: windowStart } },
    orderBy: { lastAttemptAt: "desc" },
    take: perMinute,
    select: { lastAttemptAt: true },
  });
  if (recent.length < perMinute) return 0;
  const oldest = recent[recent.length - 1]!.lastAttemptAt!;
  return Math.max(1, oldest.getTime() + 60_000 - now.getTime());
}

async function recordOutcome(job: DeliverJob, destinationName: string, attempts: number, result: AttemptResult, now: Date): Promise<Step> {
  const { workspaceId, deliveryId, destinationId } = job;
  const where = { workspaceId_id: { workspaceId, id: deliveryId } };
  if (result.outcome === "delivered") {
    await db.notificationDelivery.update({ where, data: { status: "delivered", deliveredAt: now, lastStatus: result.status, lastError: null, nextAttemptAt: null } });
    await db.notificationDestination.updateMany({
      where: { workspaceId, id: destinationId, OR: [{ failureStreak: { gt: 0 } }, { alertedAt: { not: null } }] },
      data: { failureStreak: 0, alertedAt: null },
    });
    return { done: true };
  }
  if (result.outcome === "retry" && attempts < MAX_ATTEMPTS) {
    const waitMs = Math.max(result.retryAfterMs ?? 0, backoffMs(BASE_BACKOFF_MS, attempts, true));
    await db.notificationDelivery.update({
      where,
      data: { status: "queued", lastError: result.error.slice(0, 1000), lastStatus: result.status, nextAttemptAt: new Date(now.getTime() + waitMs) },
    });
    return { done: false, waitMs };
  }
  await fail(workspaceId, deliveryId, result.error, result.status);
  if (result.outcome === "gone") {
    const reason = `${result.error} on ${now.toISOString().slice(0, 10)}; it was switched off. Check the URL and switch it back on.`;
    await db.notificationDestination.updateMany({ where: { workspaceId, id: destinationId }, data: { enabled: false, disabledReason: reason.slice(0, 1000) } });
    await alertAdminsAboutDestination(workspaceId, destinationId, {
      subject: `notifications to "${destinationName}" were switched off`,
      body: `The destination "${destinationName}" answered HTTP ${result.status}, which means the webhook no longer exists. It has been switched off so digests and alerts stop going nowhere; the failed message can be replayed once it is fixed.`,
    });
    return { done: true };
  }
  const destination = await db.notificationDestination.update({
    where: { workspaceId_id: { workspaceId, id: destinationId } },
    data: { failureStreak: { increment: 1 } },
    select: { failureStreak: true },
  });
  if (destination.failureStreak >= FAILING_STREAK) {
    await alertAdminsAboutDestination(workspaceId, destinationId, {
      subject: `notifications to "${destinationName}" keep failing`,
      body: `The last ${destination.failureStreak} messages to "${destinationName}" could not be delivered. The latest error: ${result.error}`,
    });
  }
  return { done: true };
}

/**
 * One attempt at a delivery, or the wait before one may be made. `waited`: the caller has just
 * slept the wait this delivery asked for, so its next attempt is due whatever the clock says.
 */
export async function deliveryStep(job: DeliverJob, deps: DeliveryDeps = {}, waited = false): Promise<Step> {
  const now = deps.now?.() ?? new Date();
  const { workspaceId, deliveryId, destinationId } = job;
  const delivery = await db.notificationDelivery.findUnique({ where: { workspaceId_id: { workspaceId, id: deliveryId } } });
  if (!delivery || delivery.status !== "queued" || delivery.destinationId !== destinationId) return { done: true };
  if (!waited && delivery.nextAttemptAt && delivery.nextAttemptAt.getTime() > now.getTime() + 1000) return { done: false, waitMs: delivery.nextAttemptAt.getTime() - now.getTime() };
  const destination = await db.notificationDestination.findUnique({ where: { workspaceId_id: { workspaceId, id: destinationId } } });
  if (!destination) {
    await fail(workspaceId, deliveryId, "The destination was deleted.");
    return { done: true };
  }
  if (!destination.enabled) {
    await fail(workspaceId, deliveryId, `The destination is switched off${destination.disabledReason ? `: ${destination.disabledReason}` : "."}`);
    return { done: true };
  }
  const formatter = FORMATTERS[destination.kind];
  const held = await throttleWait(job, formatter.perMinute, now);
  if (held > 0) return { done: false, waitMs: held };

  const claimed = await db.notificationDelivery.updateMany({
    where: { workspaceId, id: deliveryId, status: "queued" },
    data: { status: "sending", attempts: { increment: 1 }, lastAttemptAt: now },
  });
  if (claimed.count === 0) return { done: true };
  const attempts = delivery.attempts + 1;

  const config = openJson<DestinationConfig>(destination.config);
  const message = openJson<ValidMessage>(delivery.payload);
  let result: AttemptResult;
  try {
    const outgoing = formatter.format(message, config, { deliveryId, messageKind: delivery.messageKind, refId: delivery.refId, now });
    if (outgoing.channel === "http" && !isSinkUrl(outgoing.url)) await assertPublicHost(outgoing.url, deps.resolveHost);
    result = await attemptSend(outgoing, formatter, deps);
  } catch (error) {
    // A URL that now resolves to a private address, or a config that no longer formats: retrying
    // the same thing cannot help.
    result = { outcome: "permanent", status: null, error: error instanceof Error ? error.message : String(error) };
  }
  return recordOutcome(job, destination.name, attempts, result, now);
}

/** Works a delivery to its end: attempts, waits between them through the job context. */
export async function runDelivery(job: DeliverJob, context: JobContext, deps: DeliveryDeps = {}): Promise<void> {
  // Throttle holds do not use attempts; the bound keeps a misbehaving clock from looping forever.
  let waited = false;
  for (let step = 0; step < MAX_ATTEMPTS * 4; step++) {
    const next = await context.step(`attempt-${step}`, () => deliveryStep(job, deps, waited));
    if (next.done) return;
    if (next.waitMs > MAX_INLINE_WAIT_MS) return;
    await context.sleep(`wait-${step}`, next.waitMs);
    waited = true;
  }
}
