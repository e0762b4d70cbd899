import { db } from "@/lib/db/client";
import { sealJson } from "@/lib/crypto/secrets";
import { AppError, notFound } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { parseInput } from "@/lib/validation";
import { deliverNotificationJob } from "./jobs";
import { MESSAGE_KINDS, ZNotificationMessage, type MessageKind, type NotificationMessage } from "./message";

// The seam digests, alerts and test sends go through: validate the message, record the delivery
// (the log entry and, if it never goes through, the failure record), and queue its job. Nothing
// is sent here, so a caller is never held up by a slow chat server.

export type SendOptions = { kind: MessageKind; refId?: string | null };
export type QueuedDelivery = { id: string; status: "queued" | "failed" };

export async function sendNotification(workspaceId: string, destinationId: string, message: NotificationMessage, options: SendOptions): Promise<QueuedDelivery> {
  if (!MESSAGE_KINDS.includes(options.kind)) throw AppError.field("kind", `Choose a message kind: ${MESSAGE_KINDS.join(", ")}.`);
  const valid = parseInput(ZNotificationMessage, message);
  const destination =
    typeof destinationId === "string" && destinationId.length <= 64
      ? await db.notificationDestination.findUnique({ where: { workspaceId_id: { workspaceId, id: destinationId } }, select: { enabled: true, disabledReason: true } })
      : null;
  if (!destination) throw notFound("No such destination in this workspace.");
  // A switched-off destination still gets a record, as a failure saying why: never silent loss.
  const delivery = await db.notificationDelivery.create({
    data: {
      workspaceId,
      destinationId,
      messageKind: options.kind,
      refId: options.refId ?? null,
      payload: sealJson(valid),
      title: valid.title,
      ...(destination.enabled
        ? { status: "queued", nextAttemptAt: new Date() }
        : { status: "failed", lastError: `The destination is switched off${destination.disabledReason ? `: ${destination.disabledReason}` : "."}` }),
    },
    select: { id: true, status: true },
  });
  if (destination.enabled) await enqueue(deliverNotificationJob, { workspaceId, destinationId, deliveryId: delivery.id });
  return { id: delivery.id, status: destination.enabled ? "queued" : "failed" };
}
