import { NextRequest } from "next/server";
import { Prisma } from "@/lib/db/generated/client";
import { keyedHash, sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { upsertCustomers } from "@/lib/stores/ingest";
import { unique } from "../helpers";

// Customer profiles and events written straight into their tables, as the rollup build leaves
// them, so the list, profile and metrics can be tested on exactly the rows they read.

export async function customerWorkspace(input: { timeZone?: string; currency?: string } = {}) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: input.timeZone ?? "UTC", currency: input.currency ?? "USD" });
  const shop = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: unique("shop"), displayName: "Main shop", credentials: sealJson({}), scopes: [] },
    select: { id: true },
  });
  return { owner, workspace, shopId: shop.id };
}

/** A store customer row with a sealed email (as ingest writes it); returns the email's keyed hash. */
export async function storeCustomer(workspaceId: string, connectionId: string, externalId: bigint, email: string | null): Promise<string | null> {
  const at = new Date("2026-01-01T00:00:00Z");
  await upsertCustomers({ workspaceId, connectionId }, [{ externalId, email, firstOrderAt: at, ordersCount: 1, tags: [], createdAt: at, updatedAt: at }]);
  return email ? keyedHash(email) : null;
}

export type ProfileInput = {
  key: string;
  firstDay: string;
  lastDay?: string;
  storeIds?: string[];
  emailHash?: string | null;
  connectionId: string;
  channel?: string;
  products?: string[];
  titles?: string[];
  groups?: string[];
  codes?: string[];
  country?: string | null;
  tags?: string[];
  orders?: number;
  netSales?: string;
  grossProfit?: string;
  netSales90?: string;
  netSales180?: string;
  netSales365?: string;
  predictedLtv12m?: string | null;
  pActive?: number | null;
};

const at = (day: string) => new Date(`${day}T12:00:00Z`);

export async function profile(workspaceId: string, p: ProfileInput): Promise<void> {
  const predicted = p.predictedLtv12m ?? null;
  await db.customerProfile.create({
    data: {
      workspaceId,
      customerKey: p.key,
      emailHash: p.emailHash ?? null,
      storeIds: p.storeIds ?? [],
      firstConnectionId: p.connectionId,
      firstOrderId: 1n,
      firstOrderAt: at(p.firstDay),
      firstDay: new Date(`${p.firstDay}T00:00:00Z`),
      firstChannel: p.channel ?? "direct",
      firstProducts: p.products ?? [],
      firstProductTitles: p.titles ?? [],
      firstGroups: p.groups ?? [],
      firstDiscountCodes: p.codes ?? [],
      country: p.country ?? null,
      tags: p.tags ?? [],
      orders: p.orders ?? 1,
      netSales: new Prisma.Decimal(p.netSales ?? "0"),
      grossProfit: new Prisma.Decimal(p.grossProfit ?? "0"),
      netSales90: new Prisma.Decimal(p.netSales90 ?? p.netSales ?? "0"),
      netSales180: new Prisma.Decimal(p.netSales180 ?? p.netSales ?? "0"),
      netSales365: new Prisma.Decimal(p.netSales365 ?? p.netSales ?? "0"),
      lastOrderAt: at(p.lastDay ?? p.firstDay),
      lastDay: new Date(`${p.lastDay ?? p.firstDay}T00:00:00Z`),
      pActive: p.pActive ?? null,
      predictedLtv12m: predicted === null ? null : new Prisma.Decimal(predicted),
      predictedAt: predicted === null ? null : new Date("2026-06-01T00:00:00Z"),
    },
  });
}

export async function event(
  workspaceId: string,
  e: { key: string; connectionId: string; orderId: bigint; refundId?: bigint; day: string; netSales: string; grossProfit?: string },
): Promise<void> {
  await db.customerEvent.create({
    data: {
      workspaceId,
      connectionId: e.connectionId,
      orderId: e.orderId,
      refundId: e.refundId ?? 0n,
      customerKey: e.key,
      day: new Date(`${e.day}T00:00:00Z`),
      at: at(e.day),
      isOrder: (e.refundId ?? 0n) === 0n,
      netSales: new Prisma.Decimal(e.netSales),
      grossProfit: new Prisma.Decimal(e.grossProfit ?? "0"),
    },
  });
}

type RouteHandler = (request: NextRequest, context: { params: Promise<{ slug: string } & Record<string, string>> }) => Promise<Response>;

/** Calls a GET route handler as Next.js would, with a query string and an API key (or none). */
export async function get(handler: RouteHandler, path: string, params: { slug: string } & Record<string, string>, key: string | null) {
  const headers: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
  const response = await handler(new NextRequest(`http://localhost${path}`, { headers }), { params: Promise.resolve(params) });
  return response;
}
