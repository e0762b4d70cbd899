import { createDouyinClient, type DouyinClient } from "@/lib/connectors/douyin/client";
import { adProvider } from "@/lib/connectors/registry";
import { freshTokens } from "@/lib/connections/credentials";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { SyncScope } from "@/lib/sync/scope";

// The DOU+ API of one connection: its account's sec uid and a client holding a fresh token
// (refreshed under the connection's token lock, like every ad sync).

export type DouplusApi = { secUid: string; client: DouyinClient };

export async function douplusApi(scope: SyncScope, override?: DouyinClient): Promise<DouplusApi> {
  const connection = await db.connection.findFirst({
    where: { workspaceId: scope.workspaceId, id: scope.connectionId, provider: "douyin" },
    select: { externalAccountId: true },
  });
  if (!connection) throw new AppError("not_found", "Douyin connection not found.");
  if (override) return { secUid: connection.externalAccountId, client: override };
  const tokens = await freshTokens(scope, await adProvider("douyin"));
  return { secUid: connection.externalAccountId, client: createDouyinClient(tokens.accessToken) };
}
