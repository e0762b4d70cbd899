import type { PoolClient } from "pg";
import type { CrmContactFact, CrmDealFact, CrmOutcome, CrmStageFact } from "@/lib/connectors/contracts/crm-source";
import { utc } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { canonicalChannel } from "@/lib/metrics/definitions/channels";
import { defaultPhoneRegion, normalisePhone } from "@/lib/phone/normalise";
import { upsertCustomers } from "@/lib/stores/ingest";
import type { SyncScope } from "@/lib/sync/scope";
import { localDate } from "@/lib/time/zone";
import { convertOnDay } from "./money";
import { checkDeal, type CheckedDeal, type DealRowError } from "./validate";

// Storing a page of CRM facts in one transaction: the contacts as customers (their email sealed
// and hashed by the store engine's upsert, so customers and identities match them), each taken
// deal with the stage it was seen entering, the offline order a won deal is (and its removal when
// the deal is no longer won), and each refused deal's errors per field.

export type DealContext = {
  outcomes: Map<string, CrmOutcome>;
  accountCurrency: string | null;
  workspaceCurrency: string;
  timeZone: string;
};

export type ReadyDeal = CheckedDeal & { convertedMinor: bigint; rateDay: string; channel: string };
export type RefusedDeal = { dealId: string; contactId: bigint | null; errors: DealRowError[] };

/** Checks and converts a page's deals; conversion reads rates, so it happens before the transaction. */
export async function prepareDeals(facts: CrmDealFact[], context: DealContext): Promise<{ ready: ReadyDeal[]; refused: RefusedDeal[] }> {
  const ready: ReadyDeal[] = [];
  const refused: RefusedDeal[] = [];
  for (const fact of facts) {
    const checked = checkDeal(fact, context.outcomes, context.accountCurrency);
    if (!checked.ok) {
      refused.push({ dealId: fact.externalId, contactId: fact.contactId, errors: checked.errors });
      continue;
    }
    const deal = checked.deal;
    // The close day's rate for a closed deal, the creation day's for an open one: its value as of then.
    const rateDay = localDate(deal.status !== "open" && fact.closedAt ? fact.closedAt : fact.createdAt, context.timeZone);
    try {
      const convertedMinor = await convertOnDay(deal.amountMinor, deal.currency, context.workspaceCurrency, rateDay);
      ready.push({ ...deal, convertedMinor, rateDay, channel: canonicalChannel(fact.channel) || "crm" });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refused.push({ dealId: fact.externalId, contactId: fact.contactId, errors: [{ field: "currency", message: error.message }] });
    }
  }
  return { ready, refused };
}

export async function writeStages(client: PoolClient, scope: SyncScope, stages: CrmStageFact[]): Promise<void> {
  if (stages.length === 0) return;
  await client.query(
    `INSERT INTO crm_stages (workspace_id, connection_id, pipeline_id, external_id, pipeline_label, label, position, outcome)
     SELECT $1, $2, u.p, u.s, u.pl, u.l, u.pos, u.o::"CrmDealStatus"
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[]) AS u(p, s, pl, l, pos, o)
     ON CONFLICT (workspace_id, connection_id, pipeline_id, external_id) DO UPDATE
       SET pipeline_label = EXCLUDED.pipeline_label, label = EXCLUDED.label, position = EXCLUDED.position,
           outcome = EXCLUDED.outcome, synced_at = now()`,
    [
      scope.workspaceId, scope.connectionId,
      stages.map((s) => s.pipelineId), stages.map((s) => s.stageId), stages.map((s) => s.pipelineLabel),
      stages.map((s) => s.label), stages.map((s) => s.position), stages.map((s) => s.outcome),
    ],
  );
}

/** A contact's phone in E.164, read in the workspace's home region; null when there is none, or it cannot be read. */
function contactPhone(phone: string | null, region: string | null): { e164: string | null; unreadable: boolean } {
  if (!phone?.trim()) return { e164: null, unreadable: false };
  const read = normalisePhone(phone, region);
  return read.ok ? { e164: read.e164, unreadable: false } : { e164: null, unreadable: true };
}

/** Upserts the page's contacts; returns those whose phone could not be read (kept without it). */
async function writeContacts(client: PoolClient, scope: SyncScope, contacts: CrmContactFact[], region: string | null, runId: string | null): Promise<Set<bigint>> {
  const unreadable = new Set<bigint>();
  const rows = contacts.map((contact) => {
    const phone = contactPhone(contact.phone, region);
    if (phone.unreadable) unreadable.add(contact.externalId);
    return {
      externalId: contact.externalId,
      email: contact.email,
      // Matched with the store's and imports' customers by its keyed hash (lib/identity/customer-merges.ts).
      phone: phone.e164,
      firstOrderAt: null,
      ordersCount: 0,
      tags: ["crm"],
      createdAt: contact.createdAt,
      updatedAt: contact.updatedAt,
    };
  });
  await upsertCustomers(scope, rows, client, { runId });
  return unreadable;
}

/**
 * A `phone` row error on each deal of the page whose contact's phone could not be read. The
 * number itself is left out of the message: row errors are stored in plain text, phones only sealed.
 */
async function writePhoneErrors(client: PoolClient, scope: SyncScope, dealIds: string[], region: string | null): Promise<void> {
  if (dealIds.length === 0) return;
  const message = `The contact's phone cannot be read as a phone number${region ? ` (read in region ${region})` : ""}; the contact was kept without it. Write it with its country code in the CRM, e.g. +1 555 010 0000.`;
  await client.query(
    `INSERT INTO crm_row_errors (workspace_id, connection_id, deal_id, field, message)
     SELECT $1, $2, u.d, 'phone', $4 FROM unnest($3::text[]) AS u(d)
     ON CONFLICT (workspace_id, connection_id, deal_id, field) DO UPDATE SET message = EXCLUDED.message, seen_at = now()`,
    [scope.workspaceId, scope.connectionId, dealIds, message],
  );
}

/** The stages the deal was seen entering: the CRM's own history, else a change since the last sync. */
function entriesOf(deal: ReadyDeal, previousStage: string | null): { stageId: string; enteredAt: Date }[] {
  const fact = deal.fact;
  if (fact.stageHistory.length > 0) return fact.stageHistory;
  if (previousStage === fact.stageId) return [];
  // First seen: a closed deal entered its last stage when it closed; an open one, as far as we
  // know, when it was made. A later change was made at the latest by the deal's last update.
  if (previousStage === null) return [{ stageId: fact.stageId, enteredAt: deal.status !== "open" && fact.closedAt ? fact.closedAt : fact.createdAt }];
  return [{ stageId: fact.stageId, enteredAt: fact.updatedAt }];
}

async function writeDeal(client: PoolClient, scope: SyncScope, deal: ReadyDeal, workspaceCurrency: string, customerIds: Set<bigint>): Promise<void> {
  const { workspaceId, connectionId } = scope;
  const fact = deal.fact;
  const key = [workspaceId, connectionId, fact.externalId];
  const previous = await client.query<{ stage_id: string }>(
    `SELECT stage_id FROM crm_deals WHERE workspace_id = $1 AND connection_id = $2 AND external_id = $3 FOR UPDATE`,
    key,
  );
  const customerId = fact.contactId !== null && customerIds.has(fact.contactId) ? fact.contactId.toString() : null;
  await client.query(
    `INSERT INTO crm_deals (workspace_id, connection_id, external_id, name, amount_minor, currency, converted_minor,
       converted_currency, rate_day, pipeline_id, stage_id, status, owner_id, source, channel, customer_id,
       created_at, closed_at, updated_at, synced_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11, $12::"CrmDealStatus", $13, $14, $15, $16, $17, $18, $19, now())
     ON CONFLICT (workspace_id, connection_id, external_id) DO UPDATE SET
       name = EXCLUDED.name, amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency,
       converted_minor = EXCLUDED.converted_minor, converted_currency = EXCLUDED.converted_currency,
       rate_day = EXCLUDED.rate_day, pipeline_id = EXCLUDED.pipeline_id, stage_id = EXCLUDED.stage_id,
       status = EXCLUDED.status, owner_id = EXCLUDED.owner_id, source = EXCLUDED.source, channel = EXCLUDED.channel,
       customer_id = EXCLUDED.customer_id, created_at = EXCLUDED.created_at, closed_at = EXCLUDED.closed_at,
       updated_at = EXCLUDED.updated_at, synced_at = now()`,
    [
      ...key, fact.name.slice(0, 500), deal.amountMinor.toString(), deal.currency, deal.convertedMinor.toString(),
      workspaceCurrency, deal.rateDay, fact.pipelineId, fact.stageId, deal.status, fact.ownerId, fact.source,
      deal.channel, customerId, utc(fact.createdAt), utc(fact.closedAt), utc(fact.updatedAt),
    ],
  );
  const entries = entriesOf(deal, previous.rows[0]?.stage_id ?? null);
  if (entries.length > 0) {
    await client.query(
      `INSERT INTO crm_stage_entries (workspace_id, connection_id, deal_id, pipeline_id, stage_id, entered_at)
       SELECT $1, $2, $3, $4, u.s, u.at FROM unnest($5::text[], $6::timestamptz[]) AS u(s, at)
       ON CONFLICT DO NOTHING`,
      [...key, fact.pipelineId, entries.map((e) => e.stageId), entries.map((e) => utc(e.enteredAt))],
    );
  }
  if (deal.status === "won") {
    await client.query(
      `INSERT INTO crm_offline_orders (workspace_id, connection_id, deal_id, won_at, channel, amount_minor, currency,
         converted_minor, converted_currency, customer_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (workspace_id, connection_id, deal_id) DO UPDATE SET
         won_at = EXCLUDED.won_at, channel = EXCLUDED.channel, amount_minor = EXCLUDED.amount_minor,
         currency = EXCLUDED.currency, converted_minor = EXCLUDED.converted_minor,
         converted_currency = EXCLUDED.converted_currency, customer_id = EXCLUDED.customer_id`,
      [
        ...key, utc(fact.closedAt ?? fact.updatedAt), deal.channel, deal.amountMinor.toString(), deal.currency,
        deal.convertedMinor.toString(), workspaceCurrency, customerId,
      ],
    );
  } else {
    // Reopened or lost: no longer revenue.
    await client.query(`DELETE FROM crm_offline_orders WHERE workspace_id = $1 AND connection_id = $2 AND deal_id = $3`, key);
  }
  await client.query(`DELETE FROM crm_row_errors WHERE workspace_id = $1 AND connection_id = $2 AND deal_id = $3`, key);
}

async function writeRefused(client: PoolClient, scope: SyncScope, refused: RefusedDeal): Promise<void> {
  const key = [scope.workspaceId, scope.connectionId, refused.dealId];
  await client.query(`DELETE FROM crm_row_errors WHERE workspace_id = $1 AND connection_id = $2 AND deal_id = $3`, key);
  await client.query(
    `INSERT INTO crm_row_errors (workspace_id, connection_id, deal_id, field, message)
     SELECT $1, $2, $3, u.f, u.m FROM unnest($4::text[], $5::text[]) AS u(f, m)`,
    [...key, refused.errors.map((e) => e.field), refused.errors.map((e) => e.message)],
  );
}

/** Writes one page; a refused deal keeps whatever was stored for it before, beside its errors. */
export async function writePage(
  client: PoolClient,
  scope: SyncScope,
  page: { ready: ReadyDeal[]; refused: RefusedDeal[]; contacts: CrmContactFact[] },
  workspaceCurrency: string,
  runId: string | null = null,
): Promise<{ written: number }> {
  const region = defaultPhoneRegion({ currency: workspaceCurrency });
  const unreadablePhones = await writeContacts(client, scope, page.contacts, region, runId);
  const customerIds = new Set(page.contacts.map((contact) => contact.externalId));
  for (const deal of page.ready) await writeDeal(client, scope, deal, workspaceCurrency, customerIds);
  for (const refused of page.refused) await writeRefused(client, scope, refused);
  // After the deals' own errors are written (which clears each deal's earlier ones).
  const named = (contactId: bigint | null) => contactId !== null && unreadablePhones.has(contactId);
  await writePhoneErrors(
    client,
    scope,
    [...page.ready.filter((deal) => named(deal.fact.contactId)).map((deal) => deal.fact.externalId), ...page.refused.filter((r) => named(r.contactId)).map((r) => r.dealId)],
    region,
  );
  // Reports read deals directly, and cached ones are keyed by the revision: move it with the deals.
  if (page.ready.length > 0) await client.query("UPDATE rollup_revisions SET revision = revision + 1 WHERE workspace_id = $1", [scope.workspaceId]);
  return { written: page.ready.length };
}

/**
 * After a full read: deals neither written nor refused since `since` were deleted in the CRM, so
 * they leave with their stage history and offline orders (a deleted won deal is no longer revenue).
 */
export async function removeUnseenDeals(client: PoolClient, scope: SyncScope, since: string): Promise<{ removed: number }> {
  const { rows } = await client.query<{ external_id: string }>(
    `DELETE FROM crm_deals d
     WHERE d.workspace_id = $1 AND d.connection_id = $2 AND d.synced_at < $3::timestamp
       AND NOT EXISTS (SELECT 1 FROM crm_row_errors e WHERE e.workspace_id = d.workspace_id AND e.connection_id = d.connection_id
                         AND e.deal_id = d.external_id AND e.seen_at >= $3::timestamp)
     RETURNING d.external_id`,
    [scope.workspaceId, scope.connectionId, since],
  );
  // Errors of deals refused before and not sent again: those deals are gone too.
  await client.query(`DELETE FROM crm_row_errors WHERE workspace_id = $1 AND connection_id = $2 AND seen_at < $3::timestamp`, [scope.workspaceId, scope.connectionId, since]);
  const ids = rows.map((row) => row.external_id);
  if (ids.length === 0) return { removed: 0 };
  for (const table of ["crm_offline_orders", "crm_stage_entries", "crm_row_errors"] as const) {
    await client.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND connection_id = $2 AND deal_id = ANY($3::text[])`, [scope.workspaceId, scope.connectionId, ids]);
  }
  await client.query("UPDATE rollup_revisions SET revision = revision + 1 WHERE workspace_id = $1", [scope.workspaceId]);
  return { removed: ids.length };
}
