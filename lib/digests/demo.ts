import { createDestination } from "@/lib/notifications/destinations";
import { sinkEnabled, sinkUrl } from "@/lib/notifications/sink";
import { sendDigestNow } from "./run";
import { createDigest } from "./service";

// The demo workspace's digest: yesterday's KPIs every day at 09:00, to the in-app webhook sink,
// sent once at seeding so a newcomer finds a real message there without configuring anything.

export const DEMO_DIGEST_NAME = "Daily KPIs";

export async function seedDemoDigest(workspaceId: string, now = new Date()): Promise<{ digestId: string } | null> {
  // Without the sink (production) there is nowhere to show it; a real workspace adds its own.
  if (!sinkEnabled()) return null;
  const { destination } = await createDestination(workspaceId, null, { kind: "webhook", name: "Demo webhook sink (digests)", url: sinkUrl(workspaceId, "digests") });
  const digest = await createDigest(workspaceId, { userId: null }, { name: DEMO_DIGEST_NAME, schedule: { kind: "daily", time: "09:00" }, destination_ids: [destination.id] }, now);
  await sendDigestNow(digest, now);
  return { digestId: digest.id };
}
