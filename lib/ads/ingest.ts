import type { PoolClient } from "pg";
import { z } from "zod";
import { inTransaction } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { markDirtyDays } from "@/lib/metrics/rollups/refresh";
import type { SyncScope } from "@/lib/sync/scope";
import { parseInput } from "@/lib/validation";
import {
  ZAd, ZAdCampaign, ZAdGroup, ZAdInsight, ZTraffic,
  type AdCampaignInput, type AdGroupInput, type AdInput, type AdInsightInput, type AdInsightRow, type TrafficInput, type TrafficRow,
} from "@/lib/connectors/contracts/ad-facts";

// Set-based upserts of ad and web-analytics facts, keyed like prisma/schema/ads.prisma. A re-pull
// overwrites the numbers of the same keys (platforms restate recent days), so row counts never
// grow for the same keys. Every batch is validated whole before anything is written, and marks
// the days it touched dirty in the same transaction. An account's day is kept as the same
// calendar date in the workspace: platforms report whole days in the account's own zone.

type Column = { name: string; type: string };
type Table = { name: string; columns: Column[]; key: string[]; stamp: string };

const CAMPAIGNS: Table = {
  name: "ad_campaigns",
  columns: [
    { name: "platform", type: "text" }, { name: "account_id", type: "text" }, { name: "campaign_id", type: "text" },
    { name: "name", type: "text" }, { name: "status", type: "text" },
  ],
  key: ["campaign_id"],
  stamp: "updated_at",
};

const AD_GROUPS: Table = {
  name: "ad_groups",
  columns: [
    { name: "platform", type: "text" }, { name: "account_id", type: "text" }, { name: "campaign_id", type: "text" },
    { name: "ad_group_id", type: "text" }, { name: "name", type: "text" }, { name: "status", type: "text" },
  ],
  key: ["ad_group_id"],
  stamp: "updated_at",
};

const ADS: Table = {
  name: "ads",
  columns: [
    { name: "platform", type: "text" }, { name: "account_id", type: "text" }, { name: "campaign_id", type: "text" },
    { name: "ad_group_id", type: "text" }, { name: "ad_id", type: "text" }, { name: "name", type: "text" },
    { name: "status", type: "text" }, { name: "thumbnail_url", type: "text" },
  ],
  key: ["ad_id"],
  stamp: "updated_at",
};

const INSIGHTS: Table = {
  name: "ad_insights_daily",
  columns: [
    { name: "platform", type: "text" }, { name: "account_id", type: "text" }, { name: "campaign_id", type: "text" },
    { name: "ad_group_id", type: "text" }, { name: "ad_id", type: "text" }, { name: "day", type: "date" }, { name: "currency", type: "char(3)" },
    { name: "spend", type: "numeric" }, { name: "impressions", type: "bigint" }, { name: "clicks", type: "bigint" },
    { name: "conversions", type: "numeric" }, { name: "conversion_value", type: "numeric" },
  ],
  key: ["campaign_id", "ad_group_id", "ad_id", "day"],
  stamp: "synced_at",
};

const TRAFFIC: Table = {
  name: "traffic_daily",
  columns: [
    { name: "day", type: "date" }, { name: "channel_group", type: "text" }, { name: "source", type: "text" }, { name: "medium", type: "text" },
    { name: "sessions", type: "integer" }, { name: "users", type: "integer" }, { name: "transactions", type: "integer" },
    { name: "purchase_revenue", type: "numeric" }, { name: "currency", type: "char(3)" },
  ],
  key: ["day", "channel_group", "source", "medium"],
  stamp: "synced_at",
};

/** Validates a whole batch; errors name the row and field ("rows.3.spend"). */
function parseRows<S extends z.ZodType>(schema: S, rows: unknown[]): z.output<S>[] {
  if (!Array.isArray(rows)) throw AppError.field("rows", "Give the rows as a list.");
  return parseInput(z.object({ rows: z.array(schema) }), { rows }).rows;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Later rows of a batch win over earlier ones with the same key, as a later pull would. */
function lastPerKey(table: Table, records: Record<string, unknown>[]): Record<string, unknown>[] {
  return [...new Map(records.map((r) => [JSON.stringify(table.key.map((k) => r[k])), r])).values()];
}

async function upsert(client: PoolClient, table: Table, scope: SyncScope, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const records = lastPerKey(table, rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [snake(k), v]))));
  const names = table.columns.map((c) => c.name);
  const updates = names.filter((n) => !table.key.includes(n)).map((n) => `${n} = EXCLUDED.${n}`);
  await client.query(
    `INSERT INTO ${table.name} (workspace_id, connection_id, ${names.join(", ")}, ${table.stamp})
     SELECT $1, $2, ${names.map((n) => `r.${n}`).join(", ")}, now()
     FROM json_to_recordset($3::json) AS r(${table.columns.map((c) => `${c.name} ${c.type}`).join(", ")})
     ON CONFLICT (workspace_id, connection_id, ${table.key.join(", ")})
     DO UPDATE SET ${[...updates, `${table.stamp} = EXCLUDED.${table.stamp}`].join(", ")}`,
    [scope.workspaceId, scope.connectionId, JSON.stringify(records)],
  );
}

/** Writing under another workspace's connection is refused as if it did not exist. */
async function assertConnection(client: PoolClient, scope: SyncScope): Promise<void> {
  const found = await client.query("SELECT 1 FROM connections WHERE workspace_id = $1 AND id = $2", [scope.workspaceId, scope.connectionId]);
  if (found.rowCount === 0) throw new AppError("not_found", "Connection not found.");
}

function inScope<T>(scope: SyncScope, client: PoolClient | undefined, work: (c: PoolClient) => Promise<T>): Promise<T> {
  const run = async (c: PoolClient) => {
    await assertConnection(c, scope);
    return work(c);
  };
  return client ? run(client) : inTransaction(run);
}

const daysOf = (rows: { day: string }[]) => [...new Set(rows.map((r) => r.day))];

/** Validated names and statuses of one kind of ad entity, upserted by their key. */
async function upsertEntities<S extends z.ZodType<object>>(scope: SyncScope, table: Table, schema: S, input: unknown[], client?: PoolClient): Promise<{ rows: number }> {
  const rows = parseRows(schema, input);
  if (rows.length === 0) return { rows: 0 };
  return inScope(scope, client, async (c) => {
    await upsert(c, table, scope, rows);
    return { rows: rows.length };
  });
}

export function upsertAdCampaigns(scope: SyncScope, campaigns: AdCampaignInput[], client?: PoolClient): Promise<{ rows: number }> {
  return upsertEntities(scope, CAMPAIGNS, ZAdCampaign, campaigns, client);
}

export function upsertAdGroups(scope: SyncScope, adGroups: AdGroupInput[], client?: PoolClient): Promise<{ rows: number }> {
  return upsertEntities(scope, AD_GROUPS, ZAdGroup, adGroups, client);
}

export function upsertAds(scope: SyncScope, ads: AdInput[], client?: PoolClient): Promise<{ rows: number }> {
  return upsertEntities(scope, ADS, ZAd, ads, client);
}

/** Validated daily facts of one family, upserted with their days marked dirty. */
async function upsertDaily<S extends z.ZodType<{ day: string }>>(
  scope: SyncScope, table: Table, schema: S, family: "ads" | "traffic", input: unknown[], client?: PoolClient,
): Promise<{ rows: number }> {
  const rows = parseRows(schema, input);
  if (rows.length === 0) return { rows: 0 };
  return inScope(scope, client, async (c) => {
    await upsert(c, table, scope, rows);
    await markDirtyDays(c, scope.workspaceId, family, daysOf(rows));
    return { rows: rows.length };
  });
}

export function upsertAdInsights(scope: SyncScope, insights: AdInsightInput[], client?: PoolClient): Promise<{ rows: number }> {
  return upsertDaily(scope, INSIGHTS, ZAdInsight, "ads", insights, client);
}

export function upsertTraffic(scope: SyncScope, traffic: TrafficInput[], client?: PoolClient): Promise<{ rows: number }> {
  return upsertDaily(scope, TRAFFIC, ZTraffic, "traffic", traffic, client);
}

const ZDays = z.array(z.iso.date("Use a YYYY-MM-DD day.")).min(1, "Name at least one day.");

/** Every row must fall on one of the replaced days, or it would outlive a later restatement. */
function parseReplacement<S extends z.ZodType<{ day: string }>>(schema: S, days: string[], input: unknown[]) {
  const wanted = new Set(parseInput(z.object({ days: ZDays }), { days }).days);
  const rows = parseRows(schema, input);
  const stray = rows.findIndex((r) => !wanted.has(r.day));
  if (stray >= 0) throw AppError.field(`rows.${stray}.day`, `Row ${stray} is on ${rows[stray]!.day}, which is not among the days being replaced.`);
  return { days: [...wanted], rows };
}

async function replace(scope: SyncScope, table: Table, family: "ads" | "traffic", days: string[], rows: object[], client?: PoolClient) {
  return inScope(scope, client, async (c) => {
    await c.query(`DELETE FROM ${table.name} WHERE workspace_id = $1 AND connection_id = $2 AND day = ANY($3::date[])`, [
      scope.workspaceId, scope.connectionId, days,
    ]);
    await upsert(c, table, scope, rows);
    await markDirtyDays(c, scope.workspaceId, family, days);
    return { rows: rows.length };
  });
}

/**
 * Replaces a connection's ad rows for whole days in one transaction, at every level: campaigns, ad
 * groups and ads a restatement no longer reports disappear, and no day is ever seen half-written.
 */
export async function replaceDays(scope: SyncScope, days: string[], insights: AdInsightInput[], client?: PoolClient): Promise<{ rows: number }> {
  const parsed = parseReplacement(ZAdInsight, days, insights);
  return replace(scope, INSIGHTS, "ads", parsed.days, parsed.rows satisfies AdInsightRow[], client);
}

/** The same for web-analytics rows (a source/medium that vanished from a restated day goes). */
export async function replaceTrafficDays(scope: SyncScope, days: string[], traffic: TrafficInput[], client?: PoolClient): Promise<{ rows: number }> {
  const parsed = parseReplacement(ZTraffic, days, traffic);
  return replace(scope, TRAFFIC, "traffic", parsed.days, parsed.rows satisfies TrafficRow[], client);
}
