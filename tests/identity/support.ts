import crypto from "node:crypto";
import { withoutReadablePersonalData } from "@/lib/tracking/personal-data";
import { keyedHash } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import type { TIdentityEvent } from "@/lib/identity/extract";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { upsertCustomers, upsertOrderBundles } from "@/lib/stores/ingest";
import { line, order } from "../metrics/store-fixture";
import { unique } from "../helpers";

// A store with two customers: Ann (customer 501, her email known to the store, order 9001) and
// Bob (customer 502, no email at the store, orders 9002 and 9004).

export const ANN = "Ann@Example.com";

export async function identityStore() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const connection = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: `${unique("shop")}.myshopify.com`, displayName: "Store", credentials: "-" },
  });
  const scope = { workspaceId: workspace.id, connectionId: connection.id };
  const now = new Date("2026-11-01T00:00:00Z");
  await upsertCustomers(scope, [
    { externalId: 501n, email: ANN, firstOrderAt: null, ordersCount: 1, tags: [], createdAt: now, updatedAt: now },
    { externalId: 502n, email: null, firstOrderAt: null, ordersCount: 2, tags: [], createdAt: now, updatedAt: now },
  ]);
  await upsertOrderBundles(scope, [
    order(9001, "2026-11-02T10:00:00Z", { customerId: 501n }, [line(9001, "Alpha", 1, "20.00")]),
    order(9002, "2026-11-02T11:00:00Z", { customerId: 502n }, [line(9002, "Alpha", 1, "20.00")]),
    order(9004, "2026-11-03T11:00:00Z", { customerId: 502n }, [line(9004, "Alpha", 1, "20.00")]),
  ]);
  return {
    owner, workspace, connection, scope,
    ann: `e:${keyedHash(ANN)}`,
    bob: `c:${connection.id}:502`,
  };
}

// Recent, so links to orders not synced yet are still retried (lib/identity/link.ts).
let clock = Date.now() - 24 * 60 * 60 * 1000;

/** An event a second after the previous one, so "most recent" is well defined. */
export function ev(anonymousId: string, event: string, fields: { userId?: string; properties?: Record<string, unknown> } = {}): TIdentityEvent {
  clock += 1000;
  return {
    messageId: crypto.randomUUID(), event, occurredAt: new Date(clock), anonymousId,
    userId: fields.userId ?? null, pageUrl: "https://shop.example/", referrer: null, properties: withoutReadablePersonalData(fields.properties ?? {}),
  };
}
