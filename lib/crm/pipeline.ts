import { providerLabel, providersOfKind } from "@/lib/connectors/registry";
import { getPool } from "@/lib/db/pool";
import { moneyOfMinor } from "@/lib/journeys/orders";
import type { MetricValue } from "@/lib/metrics/definitions/registry";
import { runReport } from "@/lib/metrics/report/run";
import type { TPipelineQuery } from "./pipeline-query";

// The pipeline report behind the CRM page and the pipeline widget. Its figures (offline revenue,
// deals won, lost and open, pipeline value, win rate, sales cycle) are the metric registry's, from
// the report engine, so they match every dashboard. The funnel follows the deals made in the
// range through their pipeline's stages: how many reached each stage (their furthest open or won
// stage, from the stage history), the share of the previous stage's that went on, and how long
// deals stayed in a stage before moving on.

export const PIPELINE_METRICS = ["offline_revenue", "deals_won", "deals_lost", "deals_open", "pipeline_value", "win_rate", "avg_sales_cycle_days"] as const;
export type PipelineMetric = (typeof PIPELINE_METRICS)[number];

/** The deals table's length: the newest first; the rest are counted. */
export const PIPELINE_DEALS_SHOWN = 100;

export type TPipelineStage = {
  id: string;
  label: string;
  outcome: "open" | "won" | "lost";
  /** Deals made in the range that reached this stage or a later one (lost stages: that ended there). */
  reached: number;
  /** reached / the previous stage's reached, to 4 places; null for the first stage and lost stages. */
  conversion: string | null;
  /** Mean days a deal stayed in the stage before its next one, to 2 places; null when none moved on. */
  avg_days_in_stage: string | null;
  /** Deals made in the range standing in the stage now. */
  standing: number;
};

export type TPipeline = { key: string; label: string; crm: string; stages: TPipelineStage[] };

export type TPipelineDeal = {
  id: string;
  name: string;
  pipeline: string;
  stage: string;
  status: "open" | "won" | "lost";
  /** In the workspace currency at the close day's rate (open deals: the day they were made). */
  value: string;
  amount: string;
  currency: string;
  channel: string;
  created_on: string;
  closed_on: string | null;
};

export type TPipelineReport = {
  currency: string;
  range: { date_from: string; date_to: string };
  /** Whether any CRM was ever connected (an empty report says how to connect one). */
  connected: boolean;
  totals: Record<PipelineMetric, MetricValue>;
  pipelines: TPipeline[];
  deals: TPipelineDeal[];
  deals_total: number;
  warnings: string[];
};

type StageRow = {
  connection_id: string;
  provider: string;
  pipeline_id: string;
  pipeline_label: string;
  stage_id: string;
  label: string;
  outcome: "open" | "won" | "lost";
  position: number;
  reached: number;
  standing: number;
  avg_days: string | null;
};

// Deals made in the range (their creation day in the workspace's zone). A deal's furthest stage is
// the highest place among the open and won stages it entered or stands in; a lost stage counts the
// deals standing in it. A stay ends when the deal's next entry begins.
const STAGES_SQL = `
  WITH w AS (SELECT time_zone FROM workspaces WHERE id = $1),
  cohort AS (
    SELECT d.connection_id, d.pipeline_id, d.external_id, d.stage_id
    FROM crm_deals d, w
    WHERE d.workspace_id = $1 AND ((d.created_at AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date BETWEEN $2::date AND $3::date
  ),
  seen AS (
    SELECT c.connection_id, c.pipeline_id, c.external_id, c.stage_id FROM cohort c
    UNION
    SELECT e.connection_id, e.pipeline_id, e.deal_id, e.stage_id
    FROM crm_stage_entries e JOIN cohort c ON c.connection_id = e.connection_id AND c.external_id = e.deal_id
    WHERE e.workspace_id = $1
  ),
  furthest AS (
    SELECT seen.connection_id, seen.pipeline_id, seen.external_id, max(s.position) AS position
    FROM seen JOIN crm_stages s ON s.workspace_id = $1 AND s.connection_id = seen.connection_id
      AND s.pipeline_id = seen.pipeline_id AND s.external_id = seen.stage_id AND s.outcome <> 'lost'
    GROUP BY 1, 2, 3
  ),
  stays AS (
    SELECT e.connection_id, e.pipeline_id, e.stage_id,
      extract(epoch FROM (lead(e.entered_at) OVER (PARTITION BY e.connection_id, e.deal_id ORDER BY e.entered_at) - e.entered_at)) / 86400.0 AS days
    FROM crm_stage_entries e JOIN cohort c ON c.connection_id = e.connection_id AND c.external_id = e.deal_id
    WHERE e.workspace_id = $1
  )
  SELECT s.connection_id, x.provider, s.pipeline_id, s.pipeline_label, s.external_id AS stage_id, s.label, s.outcome::text AS outcome, s.position,
    CASE WHEN s.outcome = 'lost'
      THEN (SELECT count(*) FROM cohort c WHERE c.connection_id = s.connection_id AND c.pipeline_id = s.pipeline_id AND c.stage_id = s.external_id)
      ELSE (SELECT count(*) FROM furthest f WHERE f.connection_id = s.connection_id AND f.pipeline_id = s.pipeline_id AND f.position >= s.position)
    END::int AS reached,
    (SELECT count(*) FROM cohort c WHERE c.connection_id = s.connection_id AND c.pipeline_id = s.pipeline_id AND c.stage_id = s.external_id)::int AS standing,
    (SELECT round(avg(t.days), 2)::text FROM stays t
      WHERE t.connection_id = s.connection_id AND t.pipeline_id = s.pipeline_id AND t.stage_id = s.external_id AND t.days IS NOT NULL) AS avg_days
  FROM crm_stages s JOIN connections x ON x.workspace_id = s.workspace_id AND x.id = s.connection_id
  WHERE s.workspace_id = $1 AND x.status <> 'disconnected'
  ORDER BY x.created_at, s.connection_id, s.pipeline_label, s.pipeline_id, s.position`;

type DealRow = {
  external_id: string;
  name: string;
  pipeline_label: string | null;
  stage_label: string | null;
  stage_id: string;
  status: "open" | "won" | "lost";
  converted_minor: string;
  converted_currency: string;
  amount_minor: string;
  currency: string;
  channel: string;
  created_on: string;
  closed_on: string | null;
  total: number;
};

// Deals made or closed in the range, the most recent first.
const DEALS_SQL = `
  WITH w AS (SELECT time_zone FROM workspaces WHERE id = $1)
  SELECT d.external_id, d.name, s.pipeline_label, s.label AS stage_label, d.stage_id, d.status::text AS status,
    d.converted_minor::text, d.converted_currency, d.amount_minor::text, d.currency, d.channel,
    to_char(((d.created_at AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date, 'YYYY-MM-DD') AS created_on,
    to_char(((d.closed_at AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date, 'YYYY-MM-DD') AS closed_on,
    count(*) OVER ()::int AS total
  FROM crm_deals d CROSS JOIN w
  LEFT JOIN crm_stages s ON s.workspace_id = d.workspace_id AND s.connection_id = d.connection_id AND s.pipeline_id = d.pipeline_id AND s.external_id = d.stage_id
  WHERE d.workspace_id = $1
    AND (((d.created_at AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date BETWEEN $2::date AND $3::date
      OR (d.status <> 'open' AND ((d.closed_at AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date BETWEEN $2::date AND $3::date))
  ORDER BY COALESCE(CASE WHEN d.status <> 'open' THEN d.closed_at END, d.created_at) DESC, d.external_id
  LIMIT $4`;

function share(part: number, whole: number): string | null {
  return whole > 0 ? (part / whole).toFixed(4) : null;
}

function pipelinesOf(rows: StageRow[]): TPipeline[] {
  const byKey = new Map<string, TPipeline>();
  for (const row of rows) {
    const key = `${row.connection_id}:${row.pipeline_id}`;
    let pipeline = byKey.get(key);
    if (!pipeline) byKey.set(key, (pipeline = { key, label: row.pipeline_label, crm: providerLabel(row.provider), stages: [] }));
    const previous = [...pipeline.stages].reverse().find((stage) => stage.outcome !== "lost");
    pipeline.stages.push({
      id: row.stage_id,
      label: row.label,
      outcome: row.outcome,
      reached: row.reached,
      conversion: row.outcome === "lost" || !previous ? null : share(row.reached, previous.reached),
      avg_days_in_stage: row.avg_days,
      standing: row.standing,
    });
  }
  return [...byKey.values()];
}

/** The pipeline report for a workspace over a range of its local days. */
export async function pipelineReport(workspaceId: string, query: TPipelineQuery): Promise<TPipelineReport> {
  // The report engine cuts the range to what the plan shows; the funnel and table read the same days.
  const kpis = await runReport(workspaceId, { date_from: query.dateFrom, date_to: query.dateTo, metrics: [...PIPELINE_METRICS] });
  const { date_from: from, date_to: to } = kpis.range;
  const pool = getPool();
  const [stages, deals, connected] = await Promise.all([
    pool.query<StageRow>(STAGES_SQL, [workspaceId, from, to]),
    pool.query<DealRow>(DEALS_SQL, [workspaceId, from, to, PIPELINE_DEALS_SHOWN]),
    pool.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM connections WHERE workspace_id = $1 AND provider = ANY($2::text[])) AS any`, [workspaceId, providersOfKind("crm")]),
  ]);
  return {
    currency: kpis.currency,
    range: kpis.range,
    connected: connected.rows[0]?.any === true,
    totals: Object.fromEntries(PIPELINE_METRICS.map((id) => [id, kpis.totals[id] ?? null])) as Record<PipelineMetric, MetricValue>,
    pipelines: pipelinesOf(stages.rows),
    deals: deals.rows.map((row) => ({
      id: row.external_id,
      name: row.name,
      pipeline: row.pipeline_label ?? "",
      stage: row.stage_label ?? row.stage_id,
      status: row.status,
      value: moneyOfMinor(BigInt(row.converted_minor), row.converted_currency),
      amount: moneyOfMinor(BigInt(row.amount_minor), row.currency),
      currency: row.currency,
      channel: row.channel,
      created_on: row.created_on,
      closed_on: row.status === "open" ? null : row.closed_on,
    })),
    deals_total: deals.rows[0]?.total ?? 0,
    warnings: kpis.warnings,
  };
}
