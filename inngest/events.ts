import { eventType } from "inngest";
import { z } from "zod";

// The typed event registry: every event a function listens to is declared here.

export const syncRequested = eventType("sync/connection.sync.requested", {
  schema: z.object({ workspaceId: z.string(), connectionId: z.string(), runId: z.string() }),
});

export const shopifyWebhookReceived = eventType("shopify/webhook.received", {
  schema: z.object({
    workspaceId: z.string(),
    connectionId: z.string(),
    webhookId: z.string(),
    topic: z.string(),
    payload: z.record(z.string(), z.unknown()),
  }),
});

export const rollupRebuildRequested = eventType("metrics/rollups.rebuild.requested", {
  schema: z.object({ workspaceId: z.string(), rebuildId: z.string() }),
});
