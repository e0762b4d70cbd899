import { db } from "@/lib/db/client";
import type { WebhookHandler } from "./types";

/**
 * app/uninstalled: Shopify has already revoked the token. The connection is marked disconnected
 * and its schedules stop; its data stays until shop/redact (48 h later) or a reconnect.
 */
export const handleAppUninstalled: WebhookHandler = async (scope) => {
  const { count } = await db.connection.updateMany({
    where: { workspaceId: scope.workspaceId, id: scope.connectionId, status: { not: "disconnected" } },
    data: { status: "disconnected", disconnectedAt: new Date(), nextSyncAt: null, nextRestatementAt: null },
  });
  return count === 1 ? "connection disconnected" : "connection was already disconnected";
};
