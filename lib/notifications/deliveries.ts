import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { MAX_ATTEMPTS } from "./delivery-run";
import { deliverNotificationJob } from "./jobs";
import type { MessageKind } from "./message";

// The delivery log (the last 100 per destination), failed deliveries, replay, and the sweep that
// picks up what a stopped process or a long Retry-After left queued.

export const LOG_LIMIT = 100;
/** A delivery "sending" for this long belongs to a process that stopped. */
const STUCK_AFTER_MS = 5 * 60_000;

export type DeliveryView = {
  id: string;
  destinationId: string;
  messageKind: MessageKind;
  refId: string | null;
  title: string;
  status: "queued" | "sending" | "delivered" | "failed";
  attempts: number;
  lastError: string | null;
  lastStatus: number | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  replayOf: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const VIEW = {
  id: true,
  destinationId: true,
  messageKind: true,
  refId: true,
  title: true,
  status: true,
  attempts: true,
  lastError: true,
  lastStatus: true,
  nextAttemptAt: true,
  deliveredAt: true,
  replayOf: true,
  createdAt: true,
  updatedAt: true,
} as const;

export async function listDeliveries(workspaceId: string, destinationId: string, options: { status?: "failed" } = {}): Promise<DeliveryView[]> {
  return db.notificationDelivery.findMany({
    where: { workspaceId, destinationId, ...(options.status ? { status: options.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: LOG_LIMIT,
    select: VIEW,
  });
}

/** Failed deliveries across the workspace's destinations, newest first (the page's failure list). */
export async function listFailedDeliveries(workspaceId: string, take = LOG_LIMIT): Promise<DeliveryView[]> {
  return db.notificationDelivery.findMany({ where: { workspaceId, status: "failed" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take, select: VIEW });
}

export async function getDelivery(workspaceId: string, id: string): Promise<DeliveryView> {
  const row = typeof id === "string" && id.length <= 64 ? await db.notificationDelivery.findUnique({ where: { workspaceId_id: { workspaceId, id } }, select: VIEW }) : null;
  if (!row) throw notFound("No such delivery in this workspace.");
  return row;
}

/**
 * Sends a failed delivery's message again, as a new delivery (the failure record stays in the
 * log); the destination must be switched on.
 */
export async function replayDelivery(workspaceId: string, id: string): Promise<DeliveryView> {
  const failed = typeof id === "string" && id.length <= 64 ? await db.notificationDelivery.findUnique({ where: { workspaceId_id: { workspaceId, id } } }) : null;
  if (!failed) throw notFound("No such delivery in this workspace.");
  if (failed.status !== "failed") throw new AppError("conflict", "Only a failed delivery can be replayed.");
  const destination = await db.notificationDestination.findUnique({ where: { workspaceId_id: { workspaceId, id: failed.destinationId } }, select: { enabled: true } });
  if (!destination) throw notFound("The destination of this delivery was deleted.");
  if (!destination.enabled) throw new AppError("conflict", "Switch the destination back on before replaying its deliveries.");
  const replay = await db.notificationDelivery.create({
    data: {
      workspaceId,
      destinationId: failed.destinationId,
      messageKind: failed.messageKind,
      refId: failed.refId,
      payload: failed.payload,
      title: failed.title,
      replayOf: failed.id,
      status: "queued",
      nextAttemptAt: new Date(),
    },
    select: VIEW,
  });
  await enqueue(deliverNotificationJob, { workspaceId, destinationId: replay.destinationId, deliveryId: replay.id });
  return replay;
}

/** Requeues due deliveries and releases stuck ones; returns the jobs to enqueue. */
export async function dueDeliveries(now: Date, only?: { workspaceId: string }, limit = 500) {
  const scope = only ? { workspaceId: only.workspaceId } : {};
  const stuckBefore = new Date(now.getTime() - STUCK_AFTER_MS);
  await db.notificationDelivery.updateMany({
    where: { ...scope, status: "sending", lastAttemptAt: { lt: stuckBefore }, attempts: { gte: MAX_ATTEMPTS } },
    data: { status: "failed", lastError: "The attempt was interrupted and no attempts are left.", nextAttemptAt: null },
  });
  await db.notificationDelivery.updateMany({
    where: { ...scope, status: "sending", lastAttemptAt: { lt: stuckBefore } },
    data: { status: "queued", nextAttemptAt: now },
  });
  const due = await db.notificationDelivery.findMany({
    where: { ...scope, status: "queued", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { workspaceId: true, destinationId: true, id: true, attempts: true },
  });
  return due.map((row) => ({ workspaceId: row.workspaceId, destinationId: row.destinationId, deliveryId: row.id, attempt: row.attempts }));
}
