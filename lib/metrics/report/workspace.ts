import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { addDays, localDate } from "@/lib/time/zone";
import { workspaceProductGroups, type ProductGroupRef } from "../definitions/catalog";
import { memo, type ReportOptions } from "./options";
import type { TReport } from "./types";
import { isProviderKey, PROVIDERS } from "@/lib/connectors/registry";
import { latestRollupRebuild } from "../rollups/rebuild-jobs";
import { FAILED_REBUILD_WARNING } from "./rebuild-notes";

// What a report needs to know about its workspace besides the rollups. Every widget of a screen
// asks for the same, so each is read once per screen.

export type Workspace = {
  id: string;
  timeZone: string;
  currency: string;
  /** Moves with every change to the rollups or the rates: cached reports are keyed by it. */
  revision: string;
  /** Whether the week and month rollups are built, in the workspace's current currency. */
  periodsReady: boolean;
};

async function loadWorkspace(workspaceId: string): Promise<Workspace> {
  const result = await getPool().query<{ id: string; time_zone: string; currency: string; revision: string | null; period_currency: string | null }>(
    `SELECT w.id, w.time_zone, w.currency, r.revision::text AS revision, r.period_currency
     FROM workspaces w LEFT JOIN rollup_revisions r ON r.workspace_id = w.id WHERE w.id = $1`,
    [workspaceId],
  );
  const row = result.rows[0];
  if (!row) throw new AppError("not_found", "Workspace not found.");
  return {
    id: row.id,
    timeZone: row.time_zone,
    currency: row.currency,
    revision: row.revision ?? "0",
    periodsReady: row.period_currency === row.currency,
  };
}

export const workspaceOf = (workspaceId: string, options: ReportOptions) =>
  memo(options, `workspace:${workspaceId}`, () => loadWorkspace(workspaceId));

/** Both the metric catalog and the product group breakdown's labels read these. */
export const productGroupsOf = (workspaceId: string, options: ReportOptions): Promise<ProductGroupRef[]> =>
  memo(options, `groups:${workspaceId}`, () => workspaceProductGroups(workspaceId));

async function loadFreshness(workspace: Workspace): Promise<TReport["freshness"]> {
  const connections = await db.connection.findMany({
    where: { workspaceId: workspace.id, status: { not: "disconnected" } },
    select: { provider: true, lastSuccessAt: true, settings: true },
  });
  const synced = connections.map((c) => c.lastSuccessAt).filter((d): d is Date => d !== null);
  const last = synced.length > 0 ? new Date(Math.max(...synced.map((d) => d.getTime()))) : null;
  // Ad platforms restate recent days (late conversions); the daily restatement re-pulls them.
  const windows = connections
    .filter((c) => isProviderKey(c.provider) && PROVIDERS[c.provider].kind === "ads")
    .map((c) => {
      const days = (c.settings as { restatementDays?: unknown } | null)?.restatementDays;
      return typeof days === "number" && days >= 1 && days <= 28 ? days : 3;
    });
  const today = localDate(new Date(), workspace.timeZone);
  return {
    last_synced_at: last?.toISOString() ?? null,
    restatable_from: windows.length > 0 ? addDays(today, -Math.max(...windows)) : null,
  };
}

export const freshnessOf = (workspace: Workspace, options: ReportOptions) =>
  memo(options, `freshness:${workspace.id}`, () => loadFreshness(workspace));

type RebuildState = Pick<TReport, "rebuilding" | "rebuild_progress"> & { warning: string | null };

async function loadRebuild(workspaceId: string): Promise<RebuildState> {
  // The newest job: a pending one is under way; a failed one (never a superseded one, which a
  // newer job follows) left some days on the old settings until it is retried.
  const latest = await latestRollupRebuild(workspaceId);
  if (latest?.status === "queued" || latest?.status === "running") {
    const progress = { days_done: Math.min(latest.daysDone, latest.daysTotal), days_total: latest.daysTotal };
    return { rebuilding: true, rebuild_progress: progress, warning: null };
  }
  return { rebuilding: false, rebuild_progress: null, warning: latest?.status === "failed" ? FAILED_REBUILD_WARNING : null };
}

/** Whether a settings change is still being applied to the rollups (and how far it has come), or failed. */
export const rebuildOf = (workspaceId: string, options: ReportOptions) =>
  memo(options, `rebuild:${workspaceId}`, () => loadRebuild(workspaceId));
