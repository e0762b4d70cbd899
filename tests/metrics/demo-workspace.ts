import { expect } from "vitest";
import { seedDemoAds } from "@/lib/connectors/demo-ads/seed";
import { connectDemoStore } from "@/lib/connections/service";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { createRun } from "@/lib/sync/runs";
import { executeRun } from "@/lib/sync/runner";

/**
 * A workspace holding two years of the demo store (600 orders, seeded: five countries, every
 * channel, variants, refunds) loaded by a real backfill, its ad accounts (one in EUR) and a
 * product group "alpha" (Alpha Pro); every day's rollups built.
 */
export async function demoWorkspace(timeZone: string) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone });
  await db.productGroup.create({ data: { workspaceId: workspace.id, key: "alpha", name: "Alpha", rules: [{ field: "title", value: "Alpha Pro" }] } });
  const { id } = await connectDemoStore(workspace.id, { orders: 600, seed: 7 });
  const scope = { workspaceId: workspace.id, connectionId: id };
  const run = await createRun(scope, "backfill");
  expect(await executeRun(scope, run.id, { sleep: async () => {} })).toBe("succeeded");
  await seedDemoAds(workspace.id);
  // Every day's rollups (and so its weeks and months) were built: nothing is left dirty.
  expect(await db.rollupDirtyDay.count({ where: { workspaceId: workspace.id } })).toBe(0);
  return workspace;
}
