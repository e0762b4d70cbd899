import { NextRequest } from "next/server";
import { POST as postAdSpend } from "@/app/api/v1/imports/ad-spend/route";
import { POST as postOrders } from "@/app/api/v1/imports/orders/route";
import { POST as postOwnedSends } from "@/app/api/v1/imports/owned-sends/route";
import { createApiKey } from "@/lib/api-keys/service";
import { db } from "@/lib/db/client";
import type { TImportResult } from "@/lib/imports/schema";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import type { Role } from "@/lib/tenancy/roles";

export type Upload = { csv: string } | { json: unknown } | { raw: string | Uint8Array; type: string };

export type Query = Record<string, string | boolean | undefined>;

/** A fresh workspace (New York time) and an API key of `role` for it. */
export async function workspaceWithKey(role: Role = "member", timeZone = "America/New_York") {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone, currency: "USD" });
  const { key } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: `imports ${role}`, role });
  return { owner, workspace, key };
}

export async function keyFor(workspace: { id: string }, ownerId: string, role: Role): Promise<string> {
  return (await createApiKey(workspace.id, { userId: ownerId, role: "owner" }, { name: `imports ${role}`, role })).key;
}

const ROUTES = { orders: postOrders, "ad-spend": postAdSpend, "owned-sends": postOwnedSends } as const;

export async function upload(kind: keyof typeof ROUTES, key: string, body: Upload, query: Query = {}) {
  const url = new URL(`http://localhost/api/v1/imports/${kind}`);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  const [type, payload] =
    "csv" in body ? ["text/csv", body.csv] : "json" in body ? ["application/json", JSON.stringify(body.json)] : [body.type, body.raw];
  const request = new NextRequest(url, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": type }, body: payload as BodyInit });
  const response = await ROUTES[kind](request);
  return { status: response.status, json: (await response.json()) as TImportResult & { error?: { code: string; message: string; fields?: Record<string, string> } } };
}

export const csv = (...lines: string[]) => lines.join("\n") + "\n";

export const ORDER_HEADER =
  "order_id,created_at,currency,customer_id,customer_email,line_title,line_sku,line_quantity,line_unit_price,line_discount,shipping,taxes,refunded_amount,refunded_at,utm_source,utm_medium,utm_campaign";

export const AD_HEADER = "date,platform,campaign,spend,currency,impressions,clicks,conversions,conversion_value";

export async function importConnection(workspaceId: string, externalAccountId: "orders" | "ad-spend") {
  return db.connection.findUnique({ where: { workspaceId_provider_externalAccountId: { workspaceId, provider: "import", externalAccountId } } });
}

export async function factCounts(workspaceId: string) {
  const [orders, lineItems, refunds, refundLines, customers, insights, campaigns] = await Promise.all([
    db.order.count({ where: { workspaceId } }),
    db.orderLineItem.count({ where: { workspaceId } }),
    db.refund.count({ where: { workspaceId } }),
    db.refundLineItem.count({ where: { workspaceId } }),
    db.customer.count({ where: { workspaceId } }),
    db.adInsightDaily.count({ where: { workspaceId } }),
    db.adCampaign.count({ where: { workspaceId } }),
  ]);
  return { orders, lineItems, refunds, refundLines, customers, insights, campaigns };
}

/** The errors of a result as "row field" strings, for compact assertions. */
export const where = (result: { errors: { row: number; field: string }[] }) => result.errors.map((e) => `${e.row} ${e.field}`);
