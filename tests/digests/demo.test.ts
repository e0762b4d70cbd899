import { describe, expect, it, vi } from "vitest";
import { connectDemoStore } from "@/lib/connections/service";
import { db } from "@/lib/db/client";
import { DEMO_DIGEST_NAME, seedDemoDigest } from "@/lib/digests/demo";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { DEMO } from "@/lib/seed/demo";

// Deliveries are queued, not sent, here: the sink and the delivery job are the notifications room's.
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => {}) }));

describe("the demo digest", () => {
  it("is a daily digest to the webhook sink, with a first message already queued", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, DEMO.workspace);
    await connectDemoStore(workspace.id, { orders: 200 });
    const seeded = await seedDemoDigest(workspace.id, new Date("2026-12-05T15:00:00Z"));
    const digest = await db.digest.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id: seeded!.digestId } } });
    expect(digest).toMatchObject({ name: DEMO_DIGEST_NAME, schedule: { kind: "daily", time: "09:00" }, basis: "yesterday", enabled: true });
    const destination = await db.notificationDestination.findFirstOrThrow({ where: { workspaceId: workspace.id, id: digest.destinationIds[0] } });
    expect(destination).toMatchObject({ kind: "webhook", name: "Demo webhook sink (digests)" });
    const deliveries = await db.notificationDelivery.findMany({ where: { workspaceId: workspace.id } });
    expect(deliveries.map((d) => [d.destinationId, d.messageKind, d.refId, d.status])).toEqual([[destination.id, "digest", digest.id, "queued"]]);
  });
});
