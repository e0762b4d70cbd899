import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/shopify/route";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { localJobsSettled } from "@/lib/jobs/local";
import { RETENTION_AFTER_UNINSTALL_DAYS, sweepUninstalledStores } from "@/lib/stores/compliance/retention";
import { fixtureText, signedWebhook, withShopifyWebhookEnv } from "../shopify-webhooks/support";
import { customerWithTags } from "./compliance-support";
import { placeOrder } from "../attribution/support";
import { installedShop } from "./support";

withShopifyWebhookEnv();

// The retention sweep for stores whose shop/redact never came, driven through the real webhook
// route: app/uninstalled disconnects and keeps the data, then the sweep (or shop/redact) erases it.

async function uninstalledStore(daysAgo: number) {
  const installed = await installedShop();
  const scope = { workspaceId: installed.workspace.id, connectionId: installed.connection.id };
  await customerWithTags(scope, 701n, "kim@example.com", []);
  await placeOrder(scope, 7001, new Date("2026-11-01T10:00:00Z"), "15.00", 701n);
  const response = await POST(signedWebhook("app/uninstalled", fixtureText("webhook_app_uninstalled.json"), { shop: installed.shop }));
  expect(response.status).toBe(200);
  await localJobsSettled();
  // The delivery arrived `daysAgo` days ago.
  await getPool().query(
    "UPDATE webhook_receipts SET received_at = received_at - make_interval(days => $3) WHERE workspace_id = $1 AND connection_id = $2 AND topic = 'app/uninstalled'",
    [scope.workspaceId, scope.connectionId, daysAgo],
  );
  return { ...installed, scope };
}

const ordersOf = (workspaceId: string) => db.order.count({ where: { workspaceId } });

describe("retention after an uninstall", () => {
  it(`keeps the store's data for ${RETENTION_AFTER_UNINSTALL_DAYS} days, then erases it once when shop/redact never came`, async () => {
    const late = await uninstalledStore(RETENTION_AFTER_UNINSTALL_DAYS + 1);
    const recent = await uninstalledStore(RETENTION_AFTER_UNINSTALL_DAYS - 1);
    expect(await ordersOf(late.workspace.id)).toBe(1);

    expect(await sweepUninstalledStores()).toBeGreaterThanOrEqual(1);

    expect(await ordersOf(late.workspace.id)).toBe(0);
    expect(await db.customer.count({ where: { workspaceId: late.workspace.id } })).toBe(0);
    const [request] = await db.complianceRequest.findMany({ where: { workspaceId: late.workspace.id } });
    expect(request).toMatchObject({ topic: "retention", connectionId: late.connection.id });
    expect(request!.action).toMatch(/^erased 14 days after the uninstall of .* \(no shop\/redact arrived\): 1 orders, 1 customers/);
    expect(request!.completedAt).toBeInstanceOf(Date);
    // Inside the period: kept, so a reinstall finds it.
    expect(await ordersOf(recent.workspace.id)).toBe(1);
    // Erased once: the next sweep does not find the store again.
    await sweepUninstalledStores();
    expect(await db.complianceRequest.count({ where: { workspaceId: late.workspace.id } })).toBe(1);
  });

  it("leaves a store that was connected again, and one shop/redact already erased", async () => {
    const back = await uninstalledStore(RETENTION_AFTER_UNINSTALL_DAYS + 2);
    await db.connection.update({ where: { workspaceId_id: { workspaceId: back.workspace.id, id: back.connection.id } }, data: { status: "active", disconnectedAt: null } });
    const redacted = await uninstalledStore(RETENTION_AFTER_UNINSTALL_DAYS + 2);
    const response = await POST(signedWebhook("shop/redact", JSON.stringify({ shop_id: 1, shop_domain: redacted.shop }), { shop: redacted.shop }));
    expect(response.status).toBe(200);
    await localJobsSettled();
    expect(await ordersOf(redacted.workspace.id)).toBe(0);

    await sweepUninstalledStores();

    expect(await ordersOf(back.workspace.id)).toBe(1);
    expect(await db.complianceRequest.findMany({ where: { workspaceId: redacted.workspace.id }, select: { topic: true } })).toEqual([{ topic: "shop/redact" }]);
    expect(await db.complianceRequest.count({ where: { workspaceId: back.workspace.id } })).toBe(0);
  });
});
