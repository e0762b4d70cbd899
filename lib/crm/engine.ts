import type { CrmSource } from "@/lib/connectors/contracts/crm-source";
import { ConnectorError } from "@/lib/connectors/common/errors";
import { crmProvider } from "@/lib/connectors/registry";
import { openJson, sealJson } from "@/lib/crypto/secrets";
import { isDemoConnection } from "@/lib/connections/service";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/pool";
import type { SyncEngine } from "@/lib/sync/engine-contract";
import { getRun } from "@/lib/sync/runs";
import type { SyncScope } from "@/lib/sync/scope";
import { prepareDeals, removeUnseenDeals, writePage, writeStages } from "./ingest";
import { stageOutcomes } from "./validate";

// The CRM engine: every run reads the pipelines' stages, then every deal page by page (CRMs hold
// thousands of deals, not millions, and a full read is what sees a deal reopened or moved back).
// Each page commits with the run's checkpoint in one transaction, so a retry resumes at the next
// page and a token refused mid-run leaves only whole pages behind.

/** `since`: when the run's first page was written; deals not written since are gone from the CRM. */
type Checkpoint = { after?: string | null; pages?: number; since?: string };

const PAGES_PER_SLICE = 4;

async function connectionOf(scope: SyncScope) {
  const connection = await db.connection.findFirst({
    where: { workspaceId: scope.workspaceId, id: scope.connectionId },
    select: { provider: true, externalAccountId: true, currency: true, credentials: true, settings: true, workspace: { select: { currency: true, timeZone: true } } },
  });
  if (!connection) throw new Error(`Connection ${scope.connectionId} not found.`);
  return connection;
}

async function sourceOf(scope: SyncScope, connection: Awaited<ReturnType<typeof connectionOf>>, override?: CrmSource): Promise<CrmSource> {
  if (override) return override;
  if (isDemoConnection(connection)) {
    // The demo workspace's generated portal, tied to its demo store's customers.
    const [{ demoStoreOptions }, { demoCrmSource }] = await Promise.all([import("@/lib/connectors/demo-ads/source"), import("@/lib/connectors/demo-crm/source")]);
    return demoCrmSource(await demoStoreOptions(scope.workspaceId));
  }
  const provider = await crmProvider(connection.provider);
  if (!provider) throw new ConnectorError("bad_request", connection.provider, `${connection.provider} is not a CRM Signalboard syncs.`);
  return provider.source({
    externalAccountId: connection.externalAccountId,
    currency: connection.currency,
    credentials: openJson(connection.credentials),
    saveCredentials: async (credentials) => {
      await db.connection.updateMany({ where: { workspaceId: scope.workspaceId, id: scope.connectionId }, data: { credentials: sealJson(credentials) } });
    },
  });
}

export const crmEngine: SyncEngine = {
  async slice(scope, runId, budget, overrides) {
    const connection = await connectionOf(scope);
    const source = await sourceOf(scope, connection, overrides.crm);
    const run = await getRun(scope, runId);
    if (!run) throw new Error(`Sync run ${runId} not found.`);
    const checkpoint = (run.checkpoint ?? {}) as Checkpoint;
    let after = checkpoint.after ?? null;
    let pages = checkpoint.pages ?? 0;
    let since = checkpoint.since ?? null;

    const stages = await source.stages();
    const context = {
      outcomes: stageOutcomes(stages),
      accountCurrency: connection.currency,
      workspaceCurrency: connection.workspace.currency,
      timeZone: connection.workspace.timeZone,
    };
    for (let read = 0; read < (budget.pages ?? PAGES_PER_SLICE); read++) {
      const page = await source.deals(after);
      const prepared = await prepareDeals(page.deals, context);
      const next = page.next;
      await inTransaction(async (client) => {
        if (pages === 0) {
          await writeStages(client, scope, stages);
          // The first page's transaction time: every deal this run writes or refuses is stamped at or after it.
          // Stamps are kept to the millisecond (rounded), so a millisecond earlier is safely before them all.
          since = (await client.query<{ at: string }>("SELECT (now() - interval '1 millisecond')::timestamp(3)::text AS at")).rows[0]!.at;
        }
        const { written } = await writePage(client, scope, { ...prepared, contacts: page.contacts }, context.workspaceCurrency, runId);
        // A full read has seen every deal the CRM still has: the ones it did not are deleted there.
        if (!next && since) await removeUnseenDeals(client, scope, since);
        await client.query(
          `UPDATE sync_runs SET checkpoint = $3::jsonb, rows_read = rows_read + $4, rows_written = rows_written + $5
           WHERE workspace_id = $1 AND id = $2`,
          [scope.workspaceId, runId, JSON.stringify({ after: next, pages: pages + 1, since: since ?? undefined } satisfies Checkpoint), page.deals.length, written],
        );
      });
      pages += 1;
      after = next;
      if (!after) return { done: true };
    }
    return { done: false };
  },
};
