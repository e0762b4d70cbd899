import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { STORE_TIME_ZONE } from "@/lib/connectors/shopify/demo/generator";
import { executeRun } from "@/lib/sync/runner";
import { getRun, openRun } from "@/lib/sync/runs";
import { DEMO_CRM_PORTAL } from "./generator";

// Connects the demo HubSpot portal to a workspace that has the demo store and syncs it at once
// through the CRM engine (a few dozen deals: a second or two), so the CRM page and pipeline widget
// have data from the first start. Later runs are the scheduler's, like a real portal's.
// Safe to run again: the connection is an upsert and the sync a full read.

export async function seedDemoCrm(workspaceId: string): Promise<{ connectionId: string; deals: number }> {
  const data = {
    displayName: "Demo HubSpot",
    status: "active" as const,
    credentials: sealJson({ mode: "demo" }),
    scopes: [],
    timeZone: STORE_TIME_ZONE,
    currency: "USD",
    settings: { demo: true },
    lastError: null,
    disconnectedAt: null,
  };
  const { id } = await db.connection.upsert({
    where: { workspaceId_provider_externalAccountId: { workspaceId, provider: "hubspot", externalAccountId: DEMO_CRM_PORTAL } },
    create: { workspaceId, provider: "hubspot", externalAccountId: DEMO_CRM_PORTAL, ...data },
    update: data,
    select: { id: true },
  });
  const scope = { workspaceId, connectionId: id };
  const { runId } = await openRun(scope, "backfill");
  await executeRun(scope, runId);
  const run = await getRun(scope, runId);
  return { connectionId: id, deals: run?.rowsWritten ?? 0 };
}
