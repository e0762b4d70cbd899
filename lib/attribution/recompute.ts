import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { db } from "@/lib/db/client";
import { getPool, inTransaction } from "@/lib/db/pool";
import { getMetricSettings } from "@/lib/metrics/settings/store";
import { currencyDecimals } from "@/lib/metrics/report/precision";
import { copyDocument } from "@/lib/stores/copy-rows";
import { encodeCredits, type TStoredCredits } from "./credit-store";
import { LONGEST_WINDOW_DAYS, orderCredits, type TDataDrivenFits, type TJourneyTouch } from "./credits";
import { DailyChanges, replaceCredits, storedCredits } from "./daily";
import { loadFits } from "./fits";
import { CREATE_TARGETS_SQL, INSERT_FACTS_SQL, INSERT_SEEDS_SQL, MATCHES_SQL, METHODS } from "./match-sql";
import { normaliseCampaignName, type ModelSettings } from "./models";
import { getAttributionSettings } from "./settings";

// Attributes a set of orders in one transaction: their old contributions leave the daily sums,
// their match and credits are computed again from the identity graph and the touchpoints, and
// the new contributions are added. Running it twice changes nothing; an order that stopped
// counting (a test order, every line excluded) just loses its rows.

/** The method of an order that does not count (a test order, or no included line): never attributed. */
export const NOT_COUNTED = "not_counted";

export type TOrderKey = { connectionId: string; orderId: bigint };
export type TAttributeResult = { orders: number; matched: number };

/** Orders whose journeys are read and credited at once. */
const ORDERS_PER_BATCH = 2_000;
/**
 * Orders per transaction when many are recomputed (a window, a settings change). The daily sums
 * are written once per transaction, and a batch of orders from all over the range touches most
 * of its daily rows, so writing them per batch rewrote the same rows again and again.
 */
const ORDERS_PER_TRANSACTION = 100_000;

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

// One row per order (credit-store.ts), by COPY: a batch's rows hold megabytes of JSON, which a
// parameter array would quote and escape once more.
async function insertCredits(client: PoolClient, workspaceId: string, rows: { order: TMatchRow; credits: TStoredCredits }[]) {
  if (rows.length === 0) return;
  const document = copyDocument([workspaceId], rows.map((r) => [r.order.connection_id, r.order.order_id, JSON.stringify(r.credits)]));
  await pipeline(Readable.from([document]), client.query(copyFrom("COPY attribution_order_credits (workspace_id, connection_id, order_id, credits) FROM STDIN")));
}

async function attributeBatch(client: PoolClient, workspaceId: string, ctx: TContext, orders: readonly TOrderKey[], changes: DailyChanges): Promise<TAttributeResult> {
  await client.query(CREATE_TARGETS_SQL);
  await client.query(
    "INSERT INTO attribution_targets (connection_id, order_id) SELECT DISTINCT c, o FROM unnest($1::text[], $2::bigint[]) AS t(c, o)",
    [orders.map((o) => o.connectionId), orders.map((o) => o.orderId.toString())],
  );
  await client.query(
    "DELETE FROM attribution_pending p USING attribution_targets t WHERE p.workspace_id = $1 AND p.connection_id = t.connection_id AND p.order_id = t.order_id",
    [workspaceId],
  );
  const stored = await storedCredits(client, workspaceId);
  for (const table of ["attribution_order_credits", "order_attributions"]) {
    await client.query(
      `DELETE FROM ${table} x USING attribution_targets t WHERE x.workspace_id = $1 AND x.connection_id = t.connection_id AND x.order_id = t.order_id`,
      [workspaceId],
    );
  }

  await client.query(INSERT_FACTS_SQL, [workspaceId, ctx.timeZone, ctx.currency, ctx.minorPerUnit, ctx.matchers]);
  await client.query(INSERT_SEEDS_SQL, [workspaceId]);
  const { rows } = await client.query<TMatchRow>(MATCHES_SQL, [workspaceId, LONGEST_WINDOW_DAYS]);

  const credits: { order: TMatchRow; credits: TStoredCredits }[] = [];
  // Campaign names repeat across a batch's touches; normalising one is not free.
  const campaigns = new Map<string, string>();
  const campaignOfTouch = (t: TMatchRow["touches"][number]) => {
    if (t.campaign_id !== null || t.utm_campaign === null) return campaignOf(t);
    let campaign = campaigns.get(t.utm_campaign);
    if (campaign === undefined) campaigns.set(t.utm_campaign, (campaign = campaignOf(t)));
    return campaign;
  };
  for (const order of rows) {
    const touches: TJourneyTouch[] = order.touches.map((t) => ({
      at: new Date(t.at), day: t.day, channel: t.channel, direct: t.direct, paid: t.paid, platform: t.platform ?? "", campaign: campaignOfTouch(t),
    }));
    const found = orderCredits({ at: new Date(order.at), revenueMinor: BigInt(order.revenue_minor) }, touches, ctx.settings, ctx.fits);
    const key = `${order.connection_id}:${order.order_id}`;
    const next = found.entries.length === 0 ? undefined : { orderDay: order.day, newCustomer: order.new_customer, credits: encodeCredits(found), decoded: found };
    replaceCredits(changes, stored.get(key), next);
    stored.delete(key);
    if (next) credits.push({ order, credits: next.credits });
  }
  // Orders that no longer count, or lost every touch, only give their old credits back.
  for (const old of stored.values()) replaceCredits(changes, old, undefined);
  await client.query(
    `INSERT INTO order_attributions (workspace_id, connection_id, order_id, method, person_key, anonymous_id, order_at, order_day, revenue_minor, currency, new_customer, touches, matched_at)
     SELECT $1, a.c, a.o, a.m, a.p, a.v, a.at, a.d, a.r, $2, a.n, a.t, now() AT TIME ZONE 'UTC'
     FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::timestamp[], $9::date[], $10::bigint[], $11::boolean[], $12::int[])
       AS a(c, o, m, p, v, at, d, r, n, t)`,
    [
      workspaceId,
      ctx.currency,
      rows.map((r) => r.connection_id),
      rows.map((r) => r.order_id),
      rows.map((r) => (r.rank ? METHODS[r.rank] : "none")),
      rows.map((r) => r.person_key),
      rows.map((r) => r.anonymous_id),
      rows.map((r) => r.at.replace("Z", "")),
      rows.map((r) => r.day),
      rows.map((r) => r.revenue_minor),
      rows.map((r) => r.new_customer),
      rows.map((r) => r.touches.length),
    ],
  );
  // Orders that do not count keep a row too, so the sweep for unattributed orders passes them by.
  await client.query(
    `INSERT INTO order_attributions (workspace_id, connection_id, order_id, method, order_at, order_day, revenue_minor, currency, new_customer, touches, matched_at)
     SELECT $1, o.connection_id, o.external_id, '${NOT_COUNTED}', COALESCE(o.processed_at, o.created_at),
       ((COALESCE(o.processed_at, o.created_at)) AT TIME ZONE 'UTC' AT TIME ZONE $2)::date, 0, $3, false, 0, now() AT TIME ZONE 'UTC'
     FROM attribution_targets t
     JOIN orders o ON o.workspace_id = $1 AND o.connection_id = t.connection_id AND o.external_id = t.order_id
     WHERE NOT EXISTS (SELECT 1 FROM attribution_facts f WHERE f.connection_id = t.connection_id AND f.order_id = t.order_id)`,
    [workspaceId, ctx.timeZone, ctx.currency],
  );
  await insertCredits(client, workspaceId, credits);
  return { orders: rows.length, matched: rows.filter((r) => r.rank !== null).length };
}

/**
 * Attributes `orders` again: per ORDERS_PER_TRANSACTION orders one transaction, which reads and
 * credits them in batches of ORDERS_PER_BATCH and writes the daily sums once at its end.
 */
export async function attributeOrders(workspaceId: string, orders: readonly TOrderKey[]): Promise<TAttributeResult> {
  const total: TAttributeResult = { orders: 0, matched: 0 };
  if (orders.length === 0) return total;
  const ctx = await loadContext(workspaceId);
  for (let i = 0; i < orders.length; i += ORDERS_PER_TRANSACTION) {
    const part = orders.slice(i, i + ORDERS_PER_TRANSACTION);
    await inTransaction(async (client) => {
      // One recompute per workspace at a time: two would add to the same daily sums from stale reads.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('attribution'), hashtext($1))", [workspaceId]);
      const changes = new DailyChanges();
      for (let j = 0; j < part.length; j += ORDERS_PER_BATCH) {
        const result = await attributeBatch(client, workspaceId, ctx, part.slice(j, j + ORDERS_PER_BATCH), changes);
        total.orders += result.orders;
        total.matched += result.matched;
      }
      await changes.apply(client, workspaceId);
    });
  }
  return total;
}

/** Every order placed (or, unprocessed, created) at or after `since`, and every order attributed from then on. */
export async function attributeOrdersSince(workspaceId: string, since: Date): Promise<TAttributeResult> {
  const { rows } = await getPool().query<{ connection_id: string; order_id: string }>(
    `SELECT connection_id, external_id::text AS order_id FROM orders
     WHERE workspace_id = $1 AND (processed_at >= $2::timestamp OR (processed_at IS NULL AND created_at >= $2::timestamp))
     UNION
     SELECT connection_id, order_id::text FROM order_attributions WHERE workspace_id = $1 AND order_at >= $2::timestamp
     ORDER BY 1, 2`,
    [workspaceId, since.toISOString().replace("Z", "")],
  );
  return attributeOrders(workspaceId, rows.map((r) => ({ connectionId: r.connection_id, orderId: BigInt(r.order_id) })));
}
