import { getPool, utc } from "@/lib/db/pool";
import { parseInput } from "@/lib/validation";
import { addDays, localDate, startOfLocalDay } from "@/lib/time/zone";
import { inGroup, included } from "../rollups/facts-sql";
import { workspaceTimeZone } from "../rollups/rollup";
import { getMetricSettings } from "./store";
import { ZProductGroupInputSchema } from "./product-groups";

// What the product group editor offers to pick from, and what a set of rules would match, both
// read from the workspace's synced facts.

const OPTION_LIMIT = 1000;

export type GroupRuleOptions = {
  titles: string[];
  skus: string[];
  tags: string[];
  products: { id: string; title: string }[];
};

export async function productGroupOptions(workspaceId: string): Promise<GroupRuleOptions> {
  const pool = getPool();
  const [titles, skus, tags, products] = await Promise.all([
    pool.query<{ v: string }>(
      "SELECT DISTINCT title AS v FROM order_line_items WHERE workspace_id = $1 ORDER BY 1 LIMIT $2", [workspaceId, OPTION_LIMIT]),
    pool.query<{ v: string }>(
      `SELECT DISTINCT sku AS v FROM order_line_items WHERE workspace_id = $1 AND btrim(COALESCE(sku, '')) <> ''
       ORDER BY 1 LIMIT $2`, [workspaceId, OPTION_LIMIT]),
    pool.query<{ v: string }>(
      "SELECT DISTINCT t AS v FROM products p CROSS JOIN LATERAL unnest(p.tags) t WHERE p.workspace_id = $1 AND btrim(t) <> '' ORDER BY 1 LIMIT $2",
      [workspaceId, OPTION_LIMIT]),
    pool.query<{ id: string; title: string }>(
      `SELECT DISTINCT ON (external_id) external_id::text AS id, title FROM products WHERE workspace_id = $1
       ORDER BY external_id, updated_at DESC LIMIT $2`, [workspaceId, OPTION_LIMIT]),
  ]);
  return {
    titles: titles.rows.map((r) => r.v),
    skus: skus.rows.map((r) => r.v),
    tags: tags.rows.map((r) => r.v),
    products: products.rows.sort((a, b) => a.title.localeCompare(b.title)),
  };
}

export const PREVIEW_DAYS = 30;

export type GroupPreview = { fromDay: string; toDay: string; lines: { title: string; units: number }[] };

// $1 workspace, $2 rules jsonb, $3 exclusions jsonb, $4 window start (UTC wall time).
// Exclusions and group rules match exactly as in the sales rollup (the same SQL from facts-sql).
const PREVIEW_SQL = `
WITH rules AS (SELECT lower(field) AS field, lower(value) AS value FROM jsonb_to_recordset($2::jsonb) AS r(field text, value text)),
matchers AS (SELECT lower(field) AS field, lower(value) AS value FROM jsonb_to_recordset($3::jsonb) AS m(field text, value text))
SELECT l.title, sum(l.quantity)::int AS units
FROM orders o
JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = o.connection_id AND l.order_id = o.external_id
WHERE o.workspace_id = $1 AND NOT o.test AND o.counts_as_sale
  AND COALESCE(o.processed_at, o.created_at) >= $4::timestamp
  AND ${included("l")}
  AND EXISTS (SELECT 1 FROM rules r WHERE ${inGroup("l", "r")})
GROUP BY l.title
ORDER BY units DESC, l.title
LIMIT 50`;

/** The line item titles the rules would match, with units sold, over the last 30 local days. */
export async function previewProductGroup(workspaceId: string, input: unknown, now = new Date()): Promise<GroupPreview> {
  const { rules } = parseInput(ZProductGroupInputSchema.pick({ rules: true }), input);
  const [timeZone, settings] = await Promise.all([workspaceTimeZone(workspaceId), getMetricSettings(workspaceId)]);
  const toDay = localDate(now, timeZone);
  const fromDay = addDays(toDay, -(PREVIEW_DAYS - 1));
  const { rows } = await getPool().query<{ title: string; units: number }>(PREVIEW_SQL, [
    workspaceId, JSON.stringify(rules), JSON.stringify(settings.excludedLineItems), utc(startOfLocalDay(fromDay, timeZone)),
  ]);
  return { fromDay, toDay, lines: rows };
}
