import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { addDays, localDate } from "@/lib/time/zone";
import type { ProductGroupRef } from "../definitions/catalog";
import { memo, type ReportOptions } from "./options";
import type { TReport } from "./types";
import { isProviderKey, PROVIDERS } from "@/lib/connectors/registry";
import { FAILED_REBUILD_WARNING } from "./rebuild-notes";

// What a report needs to know about its workspace besides the rollups. Every widget of a screen
// asks for the same, so it is read once per screen.

export type Workspace = {
  id: string;
  timeZone: string;
  currency: string;
  /** Moves with every change to the rollups or the rates: cached reports are keyed by it. */
  revision: string;
  /** Whether the week and month rollups are built, in the workspace's current currency. */
  periodsReady: boolean;
  /** Whether owned-channel cost joins ad spend in MER and CAC (owned_settings.cost_in_blended). */
  ownedCostInBlended: boolean;
  /** Whether won CRM deals count in total sales and MER (metric settings; default: shown apart). */
  offlineRevenueInSales: boolean;
};

type RebuildState = Pick<TReport, "rebuilding" | "rebuild_progress"> & { warning: string | null };

/** Everything a report reads about its workspace on every request, cached result or not. */
export type ReportContext = {
  workspace: Workspace;
  /** Both the metric catalog and the product group breakdown's labels read these. */
  groups: ProductGroupRef[];
  rebuild: RebuildState;
  freshness: TReport["freshness"];
  /**
   * When the LTV model was last fitted (null before any): predictions are written by the fit,
   * which moves no rollup revision, so reports that read them are keyed by this too.
   */
  ltvFittedAt: string | null;
};

type ContextRow = {
  id: string;
  time_zone: string;
  currency: string;
  revision: string | null;
  period_currency: string | null;
  groups: ProductGroupRef[];
  rebuild: { status: string; days_done: number; days_total: number } | null;
  last_success_at: Date | null;
  /** The restatement setting of each live connection, by provider. */
  connections: { provider: string; restatement_days: unknown }[];
  ltv_fitted_at: string | null;
  owned_cost_in_blended: boolean | null;
  offline_revenue_in_sales: boolean | null;
};

// One statement, so a request costs one round trip however many of these it needs, and all of
// them come from one snapshot: the rebuild status is never newer than the revision that keys the
// cached report, so a rebuild ending meanwhile leaves numbers that are already new flagged once
// more, never old numbers unflagged. Timestamps are UTC wall time; AT TIME ZONE 'UTC' makes
// them instants pg reads right whatever the process's zone.
const CONTEXT_SQL = `
  SELECT w.id, w.time_zone, w.currency, r.revision::text AS revision, r.period_currency,
    (SELECT coalesce(json_agg(json_build_object('key', g.key, 'name', g.name) ORDER BY g.position, g.name), '[]'::json)
       FROM product_groups g WHERE g.workspace_id = w.id) AS groups,
    (SELECT json_build_object('status', b.status, 'days_done', b.days_done, 'days_total', b.days_total)
       FROM rollup_rebuilds b WHERE b.workspace_id = w.id ORDER BY b.queued_at DESC LIMIT 1) AS rebuild,
    c.last_success_at, c.connections,
    (SELECT m.fitted_at::text FROM ltv_models m WHERE m.workspace_id = w.id) AS ltv_fitted_at,
    (SELECT o.cost_in_blended FROM owned_settings o WHERE o.workspace_id = w.id) AS owned_cost_in_blended,
    (SELECT s.offline_revenue_in_sales FROM metric_settings s WHERE s.workspace_id = w.id) AS offline_revenue_in_sales
  FROM workspaces w
  LEFT JOIN rollup_revisions r ON r.workspace_id = w.id
  CROSS JOIN LATERAL (
    SELECT max(x.last_success_at) AT TIME ZONE 'UTC' AS last_success_at,
      coalesce(json_agg(json_build_object('provider', x.provider, 'restatement_days', x.settings -> 'restatementDays')), '[]'::json) AS connections
    FROM connections x WHERE x.workspace_id = w.id AND x.status <> 'disconnected'
  ) c
  WHERE w.id = $1`;

async function loadContext(workspaceId: string, now: Date): Promise<ReportContext> {
  // Named, so each connection parses and plans it once rather than on every report.
  const { rows } = await getPool().query<ContextRow>({ name: "report-context", text: CONTEXT_SQL, values: [workspaceId] });
  const row = rows[0];
  if (!row) throw new AppError("not_found", "Workspace not found.");
  const workspace: Workspace = {
    id: row.id,
    timeZone: row.time_zone,
    currency: row.currency,
    revision: row.revision ?? "0",
    periodsReady: row.period_currency === row.currency,
    ownedCostInBlended: row.owned_cost_in_blended === true,
    offlineRevenueInSales: row.offline_revenue_in_sales === true,
  };
  return { workspace, groups: row.groups, rebuild: rebuildState(row.rebuild), freshness: freshness(workspace, row, now), ltvFittedAt: row.ltv_fitted_at };
}

function freshness(workspace: Workspace, row: ContextRow, now: Date): TReport["freshness"] {
  // Ad platforms restate recent days (late conversions); the daily restatement re-pulls them.
  const windows = row.connections
    .filter((c) => isProviderKey(c.provider) && PROVIDERS[c.provider].kind === "ads")
    .map((c) => (typeof c.restatement_days === "number" && c.restatement_days >= 1 && c.restatement_days <= 28 ? c.restatement_days : 3));
  return {
    last_synced_at: row.last_success_at?.toISOString() ?? null,
    restatable_from: windows.length > 0 ? addDays(localDate(now, workspace.timeZone), -Math.max(...windows)) : null,
  };
}

function rebuildState(latest: ContextRow["rebuild"]): RebuildState {
  // The newest job: a pending one is under way; a failed one (never a superseded one, which a
  // newer job follows) left some days on the old settings until it is retried.
  if (latest?.status === "queued" || latest?.status === "running") {
    const progress = { days_done: Math.min(latest.days_done, latest.days_total), days_total: latest.days_total };
    return { rebuilding: true, rebuild_progress: progress, warning: null };
  }
  return { rebuilding: false, rebuild_progress: null, warning: latest?.status === "failed" ? FAILED_REBUILD_WARNING : null };
}

/** What a report reads about its workspace, once per screen (or per request without a screen cache). */
export const reportContextOf = (workspaceId: string, options: ReportOptions): Promise<ReportContext> =>
  memo(options, `context:${workspaceId}`, () => loadContext(workspaceId, options.now ?? new Date()));

export const workspaceOf = async (workspaceId: string, options: ReportOptions): Promise<Workspace> => (await reportContextOf(workspaceId, options)).workspace;

export const productGroupsOf = async (workspaceId: string, options: ReportOptions): Promise<ProductGroupRef[]> =>
  (await reportContextOf(workspaceId, options)).groups;
