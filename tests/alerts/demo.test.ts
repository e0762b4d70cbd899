import { describe, expect, it, vi } from "vitest";
import { DEMO_RULE_NAME, seedDemoAlert } from "@/lib/alerts/demo";
import { evaluateWorkspaceAlerts } from "@/lib/alerts/evaluate";
import { DEMO_DIP } from "@/lib/connectors/demo-ads/generator";
import { seedDemoAds } from "@/lib/connectors/demo-ads/seed";
import { connectDemoStore } from "@/lib/connections/service";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { DEMO } from "@/lib/seed/demo";

// Deliveries are queued, not sent, here: the sink and the delivery job are the notifications room's.
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => {}) }));

describe("the demo alert", () => {
  it("fires on the demo's Meta dip, to the webhook sink, and resolves on the next normal day", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, DEMO.workspace);
    await connectDemoStore(workspace.id, { orders: 2_000 });
    await seedDemoAds(workspace.id);
    const { ruleId } = await seedDemoAlert(workspace.id);

    const [incident] = await db.alertIncident.findMany({ where: { workspaceId: workspace.id, ruleId } });
    expect(incident).toMatchObject({ state: "open", day: DEMO_DIP.day, sends: 1 });
    expect(incident!.deviation).toBeGreaterThanOrEqual(3);
    expect(incident!.summary).toMatch(/below the baseline of \$[\d,.]+ \(robust z-score -\d/);

    const destination = await db.notificationDestination.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(destination).toMatchObject({ kind: "webhook", name: "Demo webhook sink (alerts)" });
    const deliveries = await db.notificationDelivery.findMany({ where: { workspaceId: workspace.id } });
    expect(deliveries.map((d) => [d.destinationId, d.messageKind, d.refId, d.title])).toEqual([
      [destination.id, "alert", incident!.id, `Alert: ${DEMO_RULE_NAME} (${workspace.name})`],
    ]);

    // Two days later, a normal Thursday: resolved, and said so.
    await evaluateWorkspaceAlerts(workspace.id, { ruleId }, new Date("2026-10-23T12:00:00Z"));
    expect(await db.alertIncident.findFirstOrThrow({ where: { workspaceId: workspace.id, ruleId } })).toMatchObject({ state: "resolved", sends: 2 });
  });
});
