import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { markDirtyDays, refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { ZReportRequestSchema } from "@/lib/metrics/report/schema";
import { connectDemoStore } from "@/lib/connections/service";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { processShopifyWebhook } from "@/lib/stores/webhooks/process";
import { latestDay } from "@/lib/time/bounds";
import { AD_HEADER, ORDER_HEADER, csv, upload, where, workspaceWithKey } from "./imports/support";

// One fact dated 0001-01-01 used to stop every later rollup refresh of its workspace. Dates are
// bounded where they enter, and a day that still cannot be rebuilt no longer holds back the rest.

vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const webhookOrder = () => JSON.parse(fs.readFileSync(path.join(process.cwd(), "tests/fixtures/shopify/webhook_orders_create.json"), "utf8"));

async function demoStore() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "UTC" });
  const { id } = await connectDemoStore(workspace.id, { orders: 100 });
  return { workspaceId: workspace.id, connectionId: id };
}

describe("dates outside 1970-01-01 to a year from now", () => {
  it("are row errors on import, naming the column", async () => {
    const { key } = await workspaceWithKey();
    const orders = await upload("orders", key, { csv: csv(ORDER_HEADER, "A-1,0001-01-01T00:00:00Z,USD,,,Alpha,,1,10,,,,,,,,") });
    expect(orders.status).toBe(422);
    expect(where(orders.json)).toEqual(["2 created_at"]);
    expect(orders.json.errors[0]!.message).toContain("1970-01-01");
    const spend = await upload("ad-spend", key, { csv: csv(AD_HEADER, `${latestDay().slice(0, 4)}9-01-01,google,Brand,10,USD,,,,`) });
    expect(spend.status).toBe(422);
  });

  it("leave a store's order out instead of storing it, and the workspace keeps refreshing", async () => {
    const scope = await demoStore();
    const ancient = { ...webhookOrder(), created_at: "0001-01-01T00:00:00-05:00", processed_at: "0001-01-01T00:00:00-05:00", updated_at: "0001-01-01T00:00:00-05:00" };
    await processShopifyWebhook({ ...scope, webhookId: "w-ancient", topic: "orders/create", payload: ancient });
    expect(await db.order.count({ where: scope })).toBe(0);
    await processShopifyWebhook({ ...scope, webhookId: "w-today", topic: "orders/create", payload: webhookOrder() });
    expect(await db.order.count({ where: scope })).toBe(1);
  });

  it("are refused as report ranges with a message naming the parameter", () => {
    const parsed = ZReportRequestSchema.safeParse({ date_from: "0001-01-01", date_to: "2026-01-31", metrics: ["orders"] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toContain("date_from");
  });
});

describe("refreshing rollups", () => {
  it("rebuilds every other dirty day when one day cannot be rebuilt, and keeps that day marked", async () => {
    const scope = await demoStore();
    const order = { ...webhookOrder(), test: false };
    await processShopifyWebhook({ ...scope, webhookId: "w-1", topic: "orders/create", payload: order });
    const day = new Date(order.processed_at ?? order.created_at).toISOString().slice(0, 10);
    // Rollups gone stale, and a mark left by facts stored before dates were bounded, whose day the
    // rollups cannot compute.
    await db.salesDaily.deleteMany({ where: { workspaceId: scope.workspaceId } });
    await markDirtyDays(null, scope.workspaceId, "sales", [day, "0001-01-01"]);
    const result = await refreshDirtyRollups(scope.workspaceId);
    expect(result).toEqual({ days: 1, failed: 1 });
    expect(await db.salesDaily.count({ where: { workspaceId: scope.workspaceId } })).toBeGreaterThan(0);
    const { rows } = await getPool().query("SELECT to_char(day, 'YYYY-MM-DD') AS day FROM rollup_dirty_days WHERE workspace_id = $1", [scope.workspaceId]);
    expect(rows.map((r) => r.day)).toEqual(["0001-01-01"]);
  });
});
