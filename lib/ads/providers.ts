import type { AdProvider, AdSourceProvider } from "@/lib/connectors/contracts/ad-source";
import { adProvider } from "@/lib/connectors/registry";
import { isDemoConnection } from "@/lib/connections/service";
import type { Prisma } from "@/lib/db/generated/client";

/** The provider behind one connection: the generated demo account, or the platform itself. */
export async function providerForConnection(connection: { workspaceId: string; provider: AdProvider; settings: Prisma.JsonValue }): Promise<AdSourceProvider> {
  if (isDemoConnection(connection) && connection.provider === "douyin") {
    return (await import("@/lib/connectors/douyin/demo-connection")).demoDouyinSource(connection);
  }
  if (isDemoConnection(connection)) {
    const { demoSourceForWorkspace } = await import("@/lib/connectors/demo-ads/source");
    return demoSourceForWorkspace(connection.workspaceId, connection.provider);
  }
  return adProvider(connection.provider);
}
