import { seedDemoAlert } from "@/lib/alerts/demo";
import { seedDemoDigest } from "@/lib/digests/demo";
import { seedDemoDouplus } from "@/lib/douplus/demo";
import { seedDemoAds } from "@/lib/connectors/demo-ads/seed";
import { seedDemoCrm } from "@/lib/connectors/demo-crm/seed";
import { db } from "@/lib/db/client";
import { ensureSampleRates } from "@/lib/fx/store";
import { createProductGroup } from "@/lib/metrics/settings/product-groups";
import { connectDemoStore, DEFAULT_DEMO_ORDERS } from "@/lib/connections/service";
import { openRun } from "@/lib/sync/runs";
import { seedDemoOwnedProgram } from "@/lib/owned/demo/program";
import { seedDemoTraffic } from "@/lib/tracking/demo/seed";
import { seedUser, seedWorkspace } from "./factories";

export const DEMO = {
  email: "demo@signalboard.local",
  password: "signalboard-demo",
  name: "Demo Owner",
  workspace: { name: "Acme Outdoor Co.", timeZone: "America/New_York", currency: "USD" },
  productGroups: [
    { name: "Alpha Pro", titles: ["Alpha Pro", "Alpha Pro Ultimate Kit", "Alpha"] },
    { name: "Accessories", titles: ["Charging Case", "Ear Domes (12 pack)", "Cleaning Kit", "Wax Guards (8 pack)", "Travel Pouch"] },
  ],
} as const;

/**
 * Creates the demo owner and workspace the first time, connected to the demo store with its
 * history queued to load (the app's scheduler runs it); later runs find them and do nothing.
 */
export async function seedDemo(options: { orders?: number | string; seed?: number | string } = {}): Promise<{ created: boolean; slug: string }> {
  await ensureSampleRates();
  const existing = await db.user.findUnique({
    where: { email: DEMO.email },
    select: { memberships: { select: { workspace: { select: { slug: true } } }, take: 1 } },
  });
  if (existing) return { created: false, slug: existing.memberships[0]?.workspace.slug ?? "" };
  const user = await seedUser({ email: DEMO.email, password: DEMO.password, name: DEMO.name });
  const workspace = await seedWorkspace(user.id, DEMO.workspace);
  for (const group of DEMO.productGroups) {
    await createProductGroup(workspace.id, { name: group.name, rules: group.titles.map((value) => ({ field: "title", value })) });
  }
  // The demo's numbers are a function of its seed and size only (see DEMO_STORE_SEED in the README).
  const connection = await connectDemoStore(workspace.id, { orders: options.orders ?? DEFAULT_DEMO_ORDERS, seed: options.seed });
  await openRun({ workspaceId: workspace.id, connectionId: connection.id }, "backfill");
  await seedDemoAds(workspace.id);
  await seedDemoCrm(workspace.id);
  await seedDemoAlert(workspace.id);
  await seedDemoDigest(workspace.id);
  await seedDemoDouplus(workspace.id);
  // Visitor traffic through the event API, so the tracking pages have data from the first start.
  await seedDemoTraffic(workspace.id);
  // The store's email and SMS program, with its clicks judged against that traffic.
  await seedDemoOwnedProgram(workspace.id);
  return { created: true, slug: workspace.slug };
}
