import { isDemoConnection } from "@/lib/connections/service";
import type { Prisma } from "@/lib/db/generated/client";
import type { AdSourceProvider } from "../contracts/ad-source";
import type { DouyinClient } from "./client";
import { createDemoDouyinClient } from "./demo";
import { createDouyinProvider } from "./provider";

// What a demo Douyin connection keeps in its settings (the demo seed, and which order its
// generator restates), and the clients built from them.

export type DemoDouyinSettings = { demo: true; seed: number; revisedOrderId: string | null };

function demoSettings(connection: { settings: Prisma.JsonValue }): DemoDouyinSettings | null {
  if (!isDemoConnection(connection)) return null;
  const settings = connection.settings as Record<string, unknown>;
  const seed = typeof settings.seed === "number" ? settings.seed : 0;
  const revisedOrderId = typeof settings.revisedOrderId === "string" ? settings.revisedOrderId : null;
  return { demo: true, seed, revisedOrderId };
}

/** The generator's client for a demo connection, or null for a real one. */
export function demoDouyinClientFor(connection: { settings: Prisma.JsonValue }, now?: () => Date): DouyinClient | null {
  const settings = demoSettings(connection);
  return settings ? createDemoDouyinClient({ seed: settings.seed, revisedOrderId: settings.revisedOrderId, now }) : null;
}

/** Douyin as an ad source over the demo account: the regular provider, with the generator for its calls. */
export function demoDouyinSource(connection: { settings: Prisma.JsonValue }): AdSourceProvider {
  const client = demoDouyinClientFor(connection);
  if (!client) throw new Error("Not a demo Douyin connection.");
  return { ...createDouyinProvider({ client: () => client }), label: "Douyin DOU+ (demo)" };
}
