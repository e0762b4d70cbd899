import type { PoolClient } from "pg";
import { db } from "@/lib/db/client";
import { getPool, inTransaction } from "@/lib/db/pool";
import { getMetricSettings } from "@/lib/metrics/settings/store";
import { currencyDecimals } from "@/lib/metrics/report/precision";
import { encodeCredits, type TStoredCredits } from "./credit-store";
import { LONGEST_WINDOW_DAYS, orderCredits, type TDataDrivenFits, type TJourneyTouch } from "./credits";
import { DailyChanges, replaceCredits, type TStoredOrder } from "./daily";
import { loadFits } from "./fits";
import { CREATE_TARGETS_SQL, INSERT_FACTS_SQL, INSERT_FIRSTS_SQL, INSERT_SEEDS_SQL, MATCHES_SQL, METHODS } from "./match-sql";
import { normaliseCampaignName, type ModelSettings } from "./models";
import { getAttributionSettings } from "./settings";
import { orderKey, replaceCreditRows, sameOrderRow, settleUncountedRows, storedRows, upsertOrderRows, type TOrderRow, type TStoredRow } from "./stored-rows";

// Attributes a set of orders in one transaction: their match and credits are computed again from
// the identity graph and the touchpoints; where they changed, the order's rows are rewritten and
// its old contribution to the daily sums replaced by the new one. Running it twice changes
// nothing; an order that stopped counting (a test order, every line excluded) just gives its
// credits back.

export type TOrderKey = { connectionId: string; orderId: bigint };
export type TAttributeResult = { orders: number; matched: number };

export type TBatching = {
  /** Orders whose journeys are read and credited at once. */
  ordersPerBatch: number;
  /**
   * Orders per transaction when many are recomputed (a window, a settings change). They are
   * matched by one statement each, and the daily sums are written once at the end: a batch of
   * orders from all over the range touches most of its daily rows, so writing them per batch
   * rewrote the same rows again and again.
   */
  ordersPerTransaction: number;
};
const BATCHING: TBatching = { ordersPerBatch: 2_000, ordersPerTransaction: 100_000 };

type TContext = { timeZone: string; currency: string; minorPerUnit: string; matchers: string; settings: ModelSettings; fits: TDataDrivenFits };

async function loadContext(workspaceId: string): Promise<TContext> {
  const [workspace, metricSettings, settings, fits] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timeZone: true, currency: true } }),
    getMetricSettings(workspaceId),
    getAttributionSettings(workspaceId),
    loadFits(workspaceId),
  ]);
  return {
    timeZone: workspace.timeZone,
    currency: workspace.currency,
    minorPerUnit: (10n ** BigInt(currencyDecimals(workspace.currency))).toString(),
    matchers: JSON.stringify(metricSettings.excludedLineItems),
    settings: settings.model,
    fits,
  };
}

type TMatchRow = {
  connection_id: string; order_id: string; at: string; day: string; revenue_minor: string; new_customer: boolean;
  rank: 1 | 2 | 3 | null; anonymous_id: string | null; person_key: string | null;
  touches: { at: string; day: string; channel: string; direct: boolean; paid: boolean; platform: string | null; campaign_id: string | null; utm_campaign: string | null }[];
};

/** A touchpoint's campaign as credits name it: the matched campaign id, else `utm:<normalised name>`, else "". */
export const campaignOf = (t: { campaign_id: string | null; utm_campaign: string | null }) =>
  t.campaign_id ?? (t.utm_campaign && normaliseCampaignName(t.utm_campaign) ? `utm:${normaliseCampaignName(t.utm_campaign)}` : "");

/** Numbers the orders in batches and matches them all (facts and seeds); returns how many batches. */
async function matchOrders(client: PoolClient, workspaceId: string, ctx: TContext, orders: readonly TOrderKey[], ordersPerBatch: number): Promise<number> {
  await client.query(CREATE_TARGETS_SQL);
  const { rowCount } = await client.query(
    `INSERT INTO attribution_targets (connection_id, order_id, batch)
     SELECT c, o, (row_number() OVER (ORDER BY c, o) - 1) / $3 FROM (SELECT DISTINCT c, o FROM unnest($1::text[], $2::bigint[]) AS t(c, o)) t`,
    [orders.map((o) => o.connectionId), orders.map((o) => o.orderId.toString()), ordersPerBatch],
  );
  await client.query(
    "DELETE FROM attribution_pending p USING attribution_targets t WHERE p.workspace_id = $1 AND p.connection_id = t.connection_id AND p.order_id = t.order_id",
    [workspaceId],
  );
  // Temporary tables are never analysed automatically, and the plans of the statements that join
  // them depend on their sizes: a join planned for a few rows can compare every row with every other.
  await client.query("ANALYZE attribution_targets");
  await client.query(INSERT_FIRSTS_SQL, [workspaceId, ctx.matchers]);
  await client.query("ANALYZE attribution_firsts");
  await client.query(INSERT_FACTS_SQL, [workspaceId, ctx.timeZone, ctx.currency, ctx.minorPerUnit, ctx.matchers]);
  await client.query(INSERT_SEEDS_SQL, [workspaceId]);
  await client.query("ANALYZE attribution_facts, attribution_seeds");
  return Math.ceil((rowCount ?? 0) / ordersPerBatch);
}

type TBatchReads = { stored: Map<string, TStoredRow>; rows: TMatchRow[] };

/** A batch's journeys and stored rows. */
async function readBatch(client: PoolClient, workspaceId: string, batch: number): Promise<TBatchReads> {
  const { rows } = await client.query<TMatchRow>(MATCHES_SQL, [workspaceId, LONGEST_WINDOW_DAYS, batch]);
  return { stored: await storedRows(client, workspaceId, batch), rows };
}

/** Orders credited between yields to the event loop, so a read running meanwhile can go on to its next statement. */
const ORDERS_PER_YIELD = 250;

type TBatchWrites = { changedRows: TOrderRow[]; removedCredits: { connectionId: string; orderId: string }[]; writtenCredits: { connectionId: string; orderId: string; creditsText: string }[] };

/** Credits a batch's orders, nets what changed into `changes`, and says which rows to write. */
async function creditBatch(ctx: TContext, { stored, rows }: TBatchReads, changes: DailyChanges): Promise<TBatchWrites> {
  const changedRows: TOrderRow[] = [];
  const removedCredits: { connectionId: string; orderId: string }[] = [];
  const writtenCredits: { connectionId: string; orderId: string; creditsText: string }[] = [];
  const oldOrder = (old: TStoredRow | undefined): TStoredOrder | undefined =>
    old?.creditsText ? { orderDay: old.row.day, newCustomer: old.row.newCustomer, credits: JSON.parse(old.creditsText) as TStoredCredits } : undefined;
  // Campaign names repeat across a batch's touches; normalising one is not free.
  const campaigns = new Map<string, string>();
  const campaignOfTouch = (t: TMatchRow["touches"][number]) => {
    if (t.campaign_id !== null || t.utm_campaign === null) return campaignOf(t);
    let campaign = campaigns.get(t.utm_campaign);
    if (campaign === undefined) campaigns.set(t.utm_campaign, (campaign = campaignOf(t)));
    return campaign;
  };
  for (const [i, order] of rows.entries()) {
    if (i % ORDERS_PER_YIELD === ORDERS_PER_YIELD - 1) await new Promise(setImmediate);
    const row: TOrderRow = {
      connectionId: order.connection_id, orderId: order.order_id, method: order.rank ? METHODS[order.rank] : "none", personKey: order.person_key,
      anonymousId: order.anonymous_id, at: order.at, day: order.day, revenueMinor: order.revenue_minor, newCustomer: order.new_customer, touches: order.touches.length,
    };
    const key = orderKey(row);
    const old = stored.get(key);
    stored.delete(key);
    if (!old || !sameOrderRow(old.row, row, ctx.currency)) changedRows.push(row);

    const touches: TJourneyTouch[] = order.touches.map((t) => ({
      at: new Date(t.at), day: t.day, channel: t.channel, direct: t.direct, paid: t.paid, platform: t.platform ?? "", campaign: campaignOfTouch(t),
    }));
    const found = orderCredits({ at: new Date(order.at), revenueMinor: BigInt(order.revenue_minor) }, touches, ctx.settings, ctx.fits);
    const encoded = found.entries.length === 0 ? undefined : encodeCredits(found);
    const creditsText = encoded === undefined ? null : JSON.stringify(encoded);
    const oldText = old?.creditsText ?? null;
    // The same credits on the same day for the same kind of customer: nothing to net or rewrite.
    if (creditsText === oldText && (oldText === null || (old!.row.day === row.day && old!.row.newCustomer === row.newCustomer))) continue;
    replaceCredits(changes, oldOrder(old), encoded && { orderDay: row.day, newCustomer: row.newCustomer, credits: encoded, decoded: found });
    if (creditsText === oldText) continue;
    if (oldText !== null) removedCredits.push(row);
    if (creditsText !== null) writtenCredits.push({ connectionId: row.connectionId, orderId: row.orderId, creditsText });
  }
  // Orders that no longer count only give their old credits back (their order rows are settled at the end).
  for (const old of stored.values()) {
    if (old.creditsText === null) continue;
    replaceCredits(changes, oldOrder(old), undefined);
    removedCredits.push(old.row);
  }
  return { changedRows, removedCredits, writtenCredits };
}

/**
 * Attributes `orders` again: per `ordersPerTransaction` orders one transaction, which matches
 * them all at once, reads and credits them in batches of `ordersPerBatch`, and writes the daily
 * sums once at its end.
 */
export async function attributeOrders(workspaceId: string, orders: readonly TOrderKey[], batching: Partial<TBatching> = {}): Promise<TAttributeResult> {
  const { ordersPerBatch, ordersPerTransaction } = { ...BATCHING, ...batching };
  const total: TAttributeResult = { orders: 0, matched: 0 };
  if (orders.length === 0) return total;
  const ctx = await loadContext(workspaceId);
  for (let i = 0; i < orders.length; i += ordersPerTransaction) {
    const part = orders.slice(i, i + ordersPerTransaction);
    await inTransaction(async (client) => {
      // One recompute per workspace at a time: two would add to the same daily sums from stale reads.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('attribution'), hashtext($1))", [workspaceId]);
      const batches = await matchOrders(client, workspaceId, ctx, part, ordersPerBatch);
      const changes = new DailyChanges();
      // The next batch is read while this one is credited, so the database works on its journeys
      // while the application computes; this batch's writes follow once that read is done (one
      // statement at a time on the connection).
      let reads = batches > 0 ? await readBatch(client, workspaceId, 0) : undefined;
      for (let batch = 0; batch < batches; batch++) {
        const ahead = batch + 1 < batches ? readBatch(client, workspaceId, batch + 1) : undefined;
        // Should crediting fail, the transaction is rolled back and the read ahead is of no use.
        ahead?.catch(() => {});
        const current = reads!;
        const writes = await creditBatch(ctx, current, changes);
        reads = await ahead;
        await upsertOrderRows(client, workspaceId, ctx.currency, writes.changedRows);
        await replaceCreditRows(client, workspaceId, writes.removedCredits, writes.writtenCredits);
        total.orders += current.rows.length;
        total.matched += current.rows.filter((r) => r.rank !== null).length;
      }
      await settleUncountedRows(client, workspaceId, ctx.timeZone, ctx.currency);
      await changes.apply(client, workspaceId);
    });
  }
  return total;
}

/** Every order placed (or, unprocessed, created) at or after `since`, and every order attributed from then on. */
export async function attributeOrdersSince(workspaceId: string, since: Date, batching: Partial<TBatching> = {}): Promise<TAttributeResult> {
  const { rows } = await getPool().query<{ connection_id: string; order_id: string }>(
    `SELECT connection_id, external_id::text AS order_id FROM orders
     WHERE workspace_id = $1 AND (processed_at >= $2::timestamp OR (processed_at IS NULL AND created_at >= $2::timestamp))
     UNION
     SELECT connection_id, order_id::text FROM order_attributions WHERE workspace_id = $1 AND order_at >= $2::timestamp
     ORDER BY 1, 2`,
    [workspaceId, since.toISOString().replace("Z", "")],
  );
  return attributeOrders(workspaceId, rows.map((r) => ({ connectionId: r.connection_id, orderId: BigInt(r.order_id) })), batching);
}
