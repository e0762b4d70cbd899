import { createDouyinClient, type DouyinClient } from "@/lib/connectors/douyin/client";
import { demoDouyinClientFor } from "@/lib/connectors/douyin/demo-connection";
import { adProvider } from "@/lib/connectors/registry";
import { freshTokens } from "@/lib/connections/credentials";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { SyncScope } from "@/lib/sync/scope";

// The DOU+ API of one connection: its account's sec uid and a client holding a fresh token
// (refreshed under the connection's token lock, like every ad sync). The demo account answers
// from its generator instead, at the sync's clock.

export type DouplusApi = { secUid: string; client: DouyinClient };

export async function douplusApi(scope: SyncScope, override?: DouyinClient, now?: Date): Promise<DouplusApi> {
  const connection = await db.connection.findFirst({
    where: { workspaceId: scope.workspaceId, id: scope.connectionId, provider: "douyin" },
    select: { externalAccountId: true, settings: true },
  });
  if (!connection) throw new AppError("not_found", "Douyin connection not found.");
  if (override) return { secUid: connection.externalAccountId, client: override };
  const demo = demoDouyinClientFor(connection, now ? () => now : undefined);
  if (demo) return { secUid: connection.externalAccountId, client: demo };
  const tokens = await freshTokens(scope, await adProvider("douyin"));
  return { secUid: connection.externalAccountId, client: createDouyinClient(tokens.accessToken) };
}
