import { describe, expect, it } from "vitest";
import { connectDemoStore } from "@/lib/connections/service";
import { demoStoreOptions } from "@/lib/connectors/demo-ads/source";
import { createDemoStore } from "@/lib/connectors/shopify/demo/generator";
import { db } from "@/lib/db/client";
import { seedDemoTraffic } from "@/lib/tracking/demo/seed";
import { demoTraffic } from "@/lib/tracking/demo/traffic";
import { getLiveView } from "@/lib/tracking/live";
import { freshWorkspace } from "../dashboards/support";

const count = async (workspaceId: string, where: Record<string, unknown> = {}) => db.trackedEvent.count({ where: { workspaceId, ...where } });

describe("seedDemoTraffic", () => {
  it("delivers the demo's traffic through the event API and the drain, once however often it runs", async () => {
    const { workspace } = await freshWorkspace();
    await connectDemoStore(workspace.id, { orders: 3_000 });
    const now = new Date();
    const expected = demoTraffic(createDemoStore(await demoStoreOptions(workspace.id)), now.getTime() - 2 * 86_400_000, now.getTime(), now.getTime());

    const first = await seedDemoTraffic(workspace.id, { days: 2, now });
    expect(first.events).toBe(expected.length);
    expect(await count(workspace.id)).toBe(expected.length);
    expect(await db.trackingInbox.count({ where: { workspaceId: workspace.id } })).toBe(0);

    // Both collectors, each under its own write key, and every checkout names its order.
    expect(await count(workspace.id, { source: "browser" })).toBe(expected.filter((e) => e.context.source === "browser").length);
    expect(await count(workspace.id, { source: "shopify_pixel" })).toBe(expected.filter((e) => e.context.source === "shopify_pixel").length);
    const checkouts = await db.trackedEvent.findMany({ where: { workspaceId: workspace.id, event: "checkout_completed" }, select: { properties: true, pageUrl: true } });
    expect(checkouts.length).toBe(expected.filter((e) => e.event === "checkout_completed").length);
    expect(checkouts.every((c) => /^\d+$/.test(String((c.properties as { order_id?: string }).order_id)))).toBe(true);

    // Run again: the same message ids, so nothing more is stored and no key is added.
    await seedDemoTraffic(workspace.id, { days: 2, now });
    expect(await count(workspace.id)).toBe(expected.length);
    expect(await db.writeKey.count({ where: { workspaceId: workspace.id } })).toBe(2);

    const live = await getLiveView(workspace.id, now);
    expect(live.checklist.snippet_installed.done).toBe(true);
    expect(live.checklist.web_pixel_connected.done).toBe(true);
    expect(live.checklist.checkout_events_arriving.done).toBe(true);
    expect(live.events).toHaveLength(50);
  });
});
