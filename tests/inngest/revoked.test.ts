import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it, vi } from "vitest";
import { ShopifyAuthError } from "@/lib/connectors/shopify/errors";

// The store refuses our token, as Shopify does once the app is uninstalled or the token revoked.
vi.mock("@/lib/stores/sources", () => ({
  sourceForConnection: async () => ({
    ordersPage: async () => {
      throw new ShopifyAuthError("[API] Invalid API key or access token (unrecognized login or wrong password)", 401);
    },
    productsPage: async () => {
      throw new ShopifyAuthError("[API] Invalid API key or access token (unrecognized login or wrong password)", 401);
    },
  }),
}));

const { syncConnection } = await import("@/inngest/functions");
const { seedUser, seedWorkspace } = await import("@/lib/seed/factories");
const { connectDemoStore } = await import("@/lib/connections/service");
const { createRun } = await import("@/lib/sync/runs");

describe("sync-connection on a revoked token", () => {
  it("fails with a NonRetriableError, so Inngest goes straight to the failure handler", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const { id } = await connectDemoStore(workspace.id, { orders: 100 });
    const scope = { workspaceId: workspace.id, connectionId: id };
    const run = await createRun(scope, "incremental");
    const { error } = await new InngestTestEngine({ function: syncConnection }).execute({
      events: [{ name: "sync/connection.sync.requested", data: { ...scope, runId: run.id } }],
    });
    expect(error).toMatchObject({ name: "NonRetriableError" });
    expect((error as Error).message).toContain("Invalid API key");
  });
});
