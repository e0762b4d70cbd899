import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/shopify/route";
import { db } from "@/lib/db/client";
import { localJobsSettled } from "@/lib/jobs/local";
import { fixtureText, signedWebhook, withShopifyWebhookEnv } from "../shopify-webhooks/support";
import { installedShop } from "./support";

withShopifyWebhookEnv();

const uninstalled = (shop: string) => signedWebhook("app/uninstalled", fixtureText("webhook_app_uninstalled.json"), { shop });

describe("app/uninstalled for a shop installed from the admin", () => {
  it("marks the shop uninstalled, disconnects its store and keeps its workspace and data", async () => {
    const { shop, workspace, connection } = await installedShop();
    const response = await POST(uninstalled(shop));
    expect(response.status).toBe(200);
    await localJobsSettled();

    expect((await db.embeddedShop.findUniqueOrThrow({ where: { shop } })).uninstalledAt).toBeInstanceOf(Date);
    const after = await db.connection.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id: connection.id } } });
    expect(after).toMatchObject({ status: "disconnected", nextSyncAt: null, nextRestatementAt: null });
    expect(await db.workspace.findUnique({ where: { id: workspace.id } })).not.toBeNull();
  });

  it("ignores a delivery whose signature does not verify", async () => {
    const { shop } = await installedShop();
    const forged = signedWebhook("app/uninstalled", fixtureText("webhook_app_uninstalled.json"), { shop, secret: "not-the-app-secret" });
    expect((await POST(forged)).status).toBe(401);
    expect((await db.embeddedShop.findUniqueOrThrow({ where: { shop } })).uninstalledAt).toBeNull();
  });

  it("leaves other shops installed", async () => {
    const mine = await installedShop();
    const other = await installedShop();
    await POST(uninstalled(mine.shop));
    expect((await db.embeddedShop.findUniqueOrThrow({ where: { shop: other.shop } })).uninstalledAt).toBeNull();
  });
});
