import { appUrl } from "@/lib/email/mailer";
import { getDestination } from "./destinations";
import type { NotificationMessage } from "./message";
import { sendNotification, type QueuedDelivery } from "./send";

// What "Send test" sends: a short message in the shape of a digest, so the destination's format
// (rows, a link, a footer) can be checked before a real digest or alert depends on it.

export function testMessage(workspace: { name: string; slug: string }, destinationName: string, now = new Date()): NotificationMessage {
  return {
    title: `Test message from ${workspace.name}`,
    summary: `If you can read this, Signalboard can send digests and alerts to "${destinationName}".`,
    severity: "info",
    sections: [
      {
        type: "rows",
        heading: "How figures will look",
        rows: [
          { label: "GMV", value: "12,480.00", change: "+8.2%", baseline: "vs 11,534.20 the day before", tone: "good" },
          { label: "Orders", value: "212", change: "−3.1%", baseline: "vs 219 the day before", tone: "bad" },
        ],
      },
    ],
    link: { label: "Open notification settings", url: appUrl(`/w/${workspace.slug}/settings/notifications`) },
    footer: `Sent ${now.toISOString().replace("T", " ").slice(0, 16)} UTC. These figures are examples.`,
  };
}

export async function sendTestMessage(workspace: { id: string; name: string; slug: string }, destinationId: string): Promise<QueuedDelivery> {
  const destination = await getDestination(workspace.id, destinationId);
  return sendNotification(workspace.id, destination.id, testMessage(workspace, destination.name), { kind: "test" });
}
