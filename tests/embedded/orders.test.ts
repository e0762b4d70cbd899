import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/embedded/orders/[id]/route";
import { db } from "@/lib/db/client";
import { callEmbedded, configureApp, installedShop, sessionToken } from "./support";

async function order(scope: { workspaceId: string; connectionId: string }, externalId: bigint, name: string) {
  const at = new Date("2026-11-20T15:00:00Z");
  await db.order.create({
    data: {
      ...scope, externalId, name, createdAt: at, processedAt: at, updatedAt: at, currency: "EUR", presentmentCurrency: "EUR",
      subtotal: "100", totalDiscounts: "0", totalShipping: "0", totalTax: "0", totalPrice: "119.9000", currentTotalPrice: "99.9500", presentmentTotalPrice: "119.9",
      financialStatus: "partially_refunded", utmSource: "google", utmMedium: "cpc",
    },
  });
}

const ask = async (shop: { shop: string; sub: string }, id: string) =>
  callEmbedded(GET, { token: await sessionToken(shop.shop, shop.sub), params: { id }, path: `/api/embedded/orders/${encodeURIComponent(id)}` });

describe("GET /api/embedded/orders/{id}: the admin's order link", () => {
  beforeEach(() => configureApp(vi.stubEnv));

  it("answers the shop's order by its number or its GraphQL id, its money exact", async () => {
    const mine = await installedShop("viewer");
    await order({ workspaceId: mine.workspace.id, connectionId: mine.connection.id }, 5551234n, "#1042");
    for (const id of ["5551234", "gid://shopify/Order/5551234"]) {
      const { status, body } = await ask(mine, id);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: "5551234", name: "#1042", currency: "EUR", total_price: "119.9", current_total_price: "99.95", financial_status: "partially_refunded" });
      expect(body!.source).toMatchObject({ utm_source: "google", utm_medium: "cpc" });
    }
  });

  it("does not find another shop's order", async () => {
    const mine = await installedShop();
    const theirs = await installedShop();
    await order({ workspaceId: theirs.workspace.id, connectionId: theirs.connection.id }, 7770001n, "#9");
    const { status, body } = await ask(mine, "7770001");
    expect(status).toBe(404);
    expect(JSON.stringify(body)).not.toContain("#9");
  });

  it.each(["abc", "gid://shopify/Product/12", "0", "-5", "99999999999999999999"])("answers 400 naming id for %s", async (id) => {
    const mine = await installedShop();
    const { status, body } = await ask(mine, id);
    expect(status).toBe(400);
    expect((body!.error as { fields?: Record<string, string> }).fields).toHaveProperty("id");
  });
});
