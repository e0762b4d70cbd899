import { DEMO_DIP } from "@/lib/connectors/demo-ads/generator";
import { STORE_TIME_ZONE } from "@/lib/connectors/shopify/demo/generator";
import { db } from "@/lib/db/client";
import { createDestination } from "@/lib/notifications/destinations";
import { sinkEnabled, sinkUrl } from "@/lib/notifications/sink";
import { addDays, zonedToUtc } from "@/lib/time/zone";
import { evaluateWorkspaceAlerts } from "./evaluate";

// The demo workspace's alert: an anomaly rule on Meta's ad spend, sent to the in-app webhook sink,
// judged once as of the morning after the demo's dip (lib/connectors/demo-ads/generator.ts) so a
// newcomer finds a real incident and its message without configuring anything. The first real
// pass judges the actual yesterday, finds it normal, and resolves it, which sends that message too.

export const DEMO_RULE_NAME = "Meta ad spend dropped";

export async function seedDemoAlert(workspaceId: string): Promise<{ ruleId: string }> {
  const destinationIds: string[] = [];
  if (sinkEnabled()) {
    const { destination } = await createDestination(workspaceId, null, { kind: "webhook", name: "Demo webhook sink (alerts)", url: sinkUrl(workspaceId, "alerts") });
    destinationIds.push(destination.id);
  }
  const rule = await db.alertRule.create({
    data: {
      workspaceId, name: DEMO_RULE_NAME, kind: "metric", metric: "ad_spend", filters: { platform: [DEMO_DIP.provider] }, method: "anomaly",
      window: "complete_day", params: { direction: "drop", sensitivity: "medium" }, destinationIds,
    },
  });
  const [year, month, day] = addDays(DEMO_DIP.day, 1).split("-").map(Number) as [number, number, number];
  await evaluateWorkspaceAlerts(workspaceId, { ruleId: rule.id }, zonedToUtc({ year, month, day, hour: 8, minute: 0, second: 0 }, STORE_TIME_ZONE));
  return { ruleId: rule.id };
}
