import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/email/mailer";
import { sendNotification } from "@/lib/notifications/send";
import type { NotificationMessage } from "@/lib/notifications/message";
import { personIdOf } from "./members";

// Join and leave as messages to the destination an audience names (a signed Standard Webhook, or
// any other destination kind): one message per membership change, never one per person. A large
// change is split into messages of at most PER_MESSAGE people, each complete in itself. Members
// are named by their id (base64url of the person key, whose email part is a keyed hash), never
// by email.

export const PER_MESSAGE = 250;

export type AudienceChange = { workspaceId: string; tagId: string; name: string; joined: string[]; left: string[]; at: Date };

export function audienceMessages(change: AudienceChange, slug: string): NotificationMessage[] {
  const people = [...change.joined.map((key) => ["joined", key] as const), ...change.left.map((key) => ["left", key] as const)];
  const parts = Math.max(1, Math.ceil(people.length / PER_MESSAGE));
  const messages: NotificationMessage[] = [];
  for (let part = 0; part < parts; part++) {
    const slice = people.slice(part * PER_MESSAGE, (part + 1) * PER_MESSAGE);
    const joined = slice.filter(([kind]) => kind === "joined").map(([, key]) => personIdOf(key));
    const left = slice.filter(([kind]) => kind === "left").map(([, key]) => personIdOf(key));
    messages.push({
      title: `Audience "${change.name}": ${change.joined.length} joined, ${change.left.length} left`.slice(0, 300),
      summary: parts > 1 ? `Part ${part + 1} of ${parts} of the change at ${change.at.toISOString()}.` : `The change at ${change.at.toISOString()}.`,
      sections: [
        { type: "rows", rows: [{ label: "Joined", value: String(change.joined.length) }, { label: "Left", value: String(change.left.length) }] },
        ...(joined.length ? [{ type: "text" as const, heading: "joined", text: joined.join("\n") }] : []),
        ...(left.length ? [{ type: "text" as const, heading: "left", text: left.join("\n") }] : []),
      ],
      link: { label: "Open the audience", url: appUrl(`/w/${slug}/audiences/${change.tagId}`) },
    });
  }
  return messages;
}

/** Sends the change to the audience's destination, if it names one; returns the deliveries queued. */
export async function notifyAudienceChange(change: Omit<AudienceChange, "name">): Promise<number> {
  const setting = await db.audienceSetting.findUnique({
    where: { workspaceId_tagId: { workspaceId: change.workspaceId, tagId: change.tagId } },
    select: { webhookDestinationId: true },
  });
  if (!setting?.webhookDestinationId) return 0;
  const [tag, workspace] = await Promise.all([
    db.tag.findUnique({ where: { workspaceId_id: { workspaceId: change.workspaceId, id: change.tagId } }, select: { name: true } }),
    db.workspace.findUnique({ where: { id: change.workspaceId }, select: { slug: true } }),
  ]);
  if (!tag || !workspace) return 0;
  const messages = audienceMessages({ ...change, name: tag.name }, workspace.slug);
  for (const message of messages) {
    await sendNotification(change.workspaceId, setting.webhookDestinationId, message, { kind: "audience", refId: change.tagId });
  }
  return messages.length;
}
