import type { PoolClient } from "pg";
import type { AdProvider, AdSourceProvider, AdStats, DayWindow, TrafficStats } from "@/lib/connectors/contracts/ad-source";
import { ConnectorError } from "@/lib/connectors/common/errors";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/pool";
import type { SyncKind } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { getConnection, settingsOf } from "@/lib/connections/service";
import type { SliceBudget, SliceResult } from "@/lib/sync/engine-contract";
import { isAdProvider, PROVIDERS } from "@/lib/connectors/registry";
import type { SyncScope } from "@/lib/sync/scope";
import { getRun, updateRun } from "@/lib/sync/runs";
import { addDays, localDate, startOfLocalDay } from "@/lib/time/zone";
import { accountOf, freshTokens } from "@/lib/connections/credentials";
import { replaceDays, replaceTrafficDays, upsertAdCampaigns, upsertAdGroups, upsertAds } from "./ingest";

// An ad or analytics sync run: a range of the account's local days, fetched in windows of at
// most `maxWindowDays`, newest first (recent days matter most while a backfill is still loading).
// Each window's rows replace that connection's rows for exactly those days in one transaction,
// together with the run's checkpoint: a restatement overwrites changed numbers without
// duplicating anything, a crash resumes at the first window not committed, and a day is never
// left half-written.

/** A backfill reaches this far back unless the platform keeps less. */
export const BACKFILL_DAYS = 730;
/** After the account's midnight, yesterday keeps being re-pulled until a sync ends this long after it. */
export const DAY_SETTLE_MS = 60 * 60 * 1000;

export type AdCheckpoint = {
  mode: "ads";
  fromDay: string;
  toDay: string;
  /** The oldest day already committed; the next window ends the day before. Null: none yet. */
  doneFrom: string | null;
};

export type AdSliceBudget = SliceBudget;

const DAY_MS = 86_400_000;

export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(toDay) - Date.parse(fromDay)) / DAY_MS) + 1;
}

export type PlanInput = {
  kind: SyncKind;
  now: Date;
  /** The account's time zone, where its days are. */
  accountTimeZone: string;
  /** Manual ranges are given as instants bounding the workspace's local days. */
  workspaceTimeZone: string;
  maxHistoryDays: number;
  restatementDays: number;
  rangeFrom: Date | null;
  rangeTo: Date | null;
  lastSuccessAt: Date | null;
};

/** The account days a run covers (null: nothing to fetch). */
export function planDays(input: PlanInput): DayWindow | null {
  const today = localDate(input.now, input.accountTimeZone);
  const oldest = addDays(today, -(Math.min(BACKFILL_DAYS, input.maxHistoryDays) - 1));
  let window: DayWindow;
  switch (input.kind) {
    case "backfill":
      window = { fromDay: oldest, toDay: today };
      break;
    case "restatement":
      // Today is still running; the incremental syncs own it.
      window = { fromDay: addDays(today, -input.restatementDays), toDay: addDays(today, -1) };
      break;
    case "manual": {
      // An account's day counts as the same calendar date in the workspace (lib/ads/README.md).
      const from = input.rangeFrom ? localDate(input.rangeFrom, input.workspaceTimeZone) : oldest;
      const to = input.rangeTo ? localDate(new Date(input.rangeTo.getTime() - 1), input.workspaceTimeZone) : today;
      window = { fromDay: from < oldest ? oldest : from, toDay: to > today ? today : to };
      break;
    }
    default: {
      const settledAfter = startOfLocalDay(today, input.accountTimeZone).getTime() + DAY_SETTLE_MS;
      const yesterdaySettled = input.lastSuccessAt !== null && input.lastSuccessAt.getTime() >= settledAfter;
      window = { fromDay: yesterdaySettled ? today : addDays(today, -1), toDay: today };
    }
  }
  return window.fromDay <= window.toDay ? window : null;
}

/** The next window to fetch, newest first, or null when the run's range is done. */
export function nextWindow(checkpoint: AdCheckpoint, maxWindowDays: number): DayWindow | null {
  const toDay = checkpoint.doneFrom ? addDays(checkpoint.doneFrom, -1) : checkpoint.toDay;
  if (toDay < checkpoint.fromDay) return null;
  const start = addDays(toDay, -(Math.max(1, maxWindowDays) - 1));
  return { fromDay: start < checkpoint.fromDay ? checkpoint.fromDay : start, toDay };
}

function dayList(window: DayWindow): string[] {
  return Array.from({ length: daysBetween(window.fromDay, window.toDay) }, (_, i) => addDays(window.fromDay, i));
}

const EMPTY_PLAN = (today: string): AdCheckpoint => ({ mode: "ads", fromDay: today, toDay: addDays(today, -1), doneFrom: null });

async function startCheckpoint(scope: SyncScope, runId: string, provider: AdSourceProvider, connection: Awaited<ReturnType<typeof getConnection>>): Promise<AdCheckpoint> {
  const run = (await getRun(scope, runId))!;
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: scope.workspaceId }, select: { timeZone: true } });
  const now = new Date();
  const accountTimeZone = connection.timeZone ?? workspace.timeZone;
  const days = planDays({
    kind: run.kind, now, accountTimeZone, workspaceTimeZone: workspace.timeZone, maxHistoryDays: provider.maxHistoryDays ?? PROVIDERS[connection.provider as AdProvider].historyDays,
    restatementDays: settingsOf(connection).restatementDays, rangeFrom: run.rangeFrom, rangeTo: run.rangeTo, lastSuccessAt: connection.lastSuccessAt,
  });
  const checkpoint: AdCheckpoint = days ? { mode: "ads", ...days, doneFrom: null } : EMPTY_PLAN(localDate(now, accountTimeZone));
  await updateRun(scope, runId, { checkpoint, rowsExpected: days ? daysBetween(days.fromDay, days.toDay) : 0, rowsRead: 0, rowsWritten: 0 });
  return checkpoint;
}

/** A row the platform sent that ingestion refuses: the run fails naming it, and the window writes nothing. */
function malformed(provider: AdSourceProvider, window: DayWindow, reason: string): ConnectorError {
  return new ConnectorError(
    "bad_response",
    provider.provider,
    `${provider.label} sent data we cannot accept for ${window.fromDay} to ${window.toDay} (${reason}). Nothing was written for those days.`,
  );
}

function checkKind(connectionProvider: AdProvider, provider: AdSourceProvider, window: DayWindow, stats: AdStats | TrafficStats): void {
  const expected = connectionProvider === "google_analytics" ? "traffic" : "ads";
  if (stats?.kind !== expected) throw malformed(provider, window, `expected ${expected} rows, got ${String(stats?.kind)}`);
  if (stats.kind === "ads") {
    const lists = { rows: stats.insights, adGroups: stats.adGroups ?? [], ads: stats.ads ?? [] };
    for (const [name, list] of Object.entries(lists)) {
      const stray = (list as { platform?: unknown }[]).findIndex((row) => row?.platform !== connectionProvider);
      if (stray >= 0) throw malformed(provider, window, `${name}.${stray}.platform: "${String(list[stray]?.platform)}" is not ${connectionProvider}`);
    }
  }
}

async function writeWindow(client: PoolClient, scope: SyncScope, provider: AdSourceProvider, window: DayWindow, stats: AdStats | TrafficStats): Promise<number> {
  const days = dayList(window);
  try {
    if (stats.kind === "traffic") return (await replaceTrafficDays(scope, days, stats.traffic, client)).rows;
    await upsertAdCampaigns(scope, stats.campaigns, client);
    await upsertAdGroups(scope, stats.adGroups ?? [], client);
    await upsertAds(scope, stats.ads ?? [], client);
    return (await replaceDays(scope, days, stats.insights, client)).rows;
  } catch (error) {
    if (error instanceof AppError && error.code === "bad_request") throw malformed(provider, window, error.message.replace(/^Invalid input \((.*)\)$/, "$1").replace(/\.$/, ""));
    throw error;
  }
}

async function saveAdProgress(client: PoolClient, scope: SyncScope, runId: string, checkpoint: AdCheckpoint, days: number): Promise<void> {
  // Progress counts days: a day is the unit that is either wholly written or not at all.
  await client.query(
    `UPDATE sync_runs SET checkpoint = $4::jsonb, rows_read = rows_read + $5, rows_written = rows_written + $5
     WHERE workspace_id = $1 AND connection_id = $2 AND id = $3`,
    [scope.workspaceId, scope.connectionId, runId, JSON.stringify(checkpoint), days],
  );
}

/**
 * Keeps what a window lacked without failing it (a level the platform refused) on the run, each
 * warning once however many windows repeat it, in the window's transaction.
 */
async function addRunWarnings(client: PoolClient, scope: SyncScope, runId: string, warnings: string[]): Promise<void> {
  await client.query(
    `UPDATE sync_runs SET warnings = coalesce(warnings, '{}') || coalesce(
       (SELECT array_agg(DISTINCT w) FROM unnest($4::text[]) w WHERE NOT w = ANY(coalesce(warnings, '{}'))), '{}')
     WHERE workspace_id = $1 AND connection_id = $2 AND id = $3`,
    [scope.workspaceId, scope.connectionId, runId, warnings],
  );
}

/** Fetches and commits up to `budget.windows` windows (one by default) of an ad run. */
export async function runAdSlice(scope: SyncScope, runId: string, provider: AdSourceProvider, budget: AdSliceBudget = {}): Promise<SliceResult> {
  const run = await getRun(scope, runId);
  if (!run) throw new Error(`Sync run ${runId} not found.`);
  const connection = await getConnection(scope);
  if (connection.status === "disconnected") throw Object.assign(new Error("This connection was disconnected."), { code: "disconnected" });
  const platform = connection.provider;
  if (!isAdProvider(platform)) throw new Error(`Connection ${scope.connectionId} is not an ad or analytics connection.`);
  if (!run.startedAt) await updateRun(scope, runId, { status: "running", startedAt: new Date() });
  const saved = run.checkpoint as Partial<AdCheckpoint>;
  let state = saved.mode === "ads" ? (saved as AdCheckpoint) : await startCheckpoint(scope, runId, provider, connection);
  const account = accountOf(connection);
  const settings = (connection.settings ?? {}) as Record<string, unknown>;

  for (let i = 0; i < (budget.windows ?? 1); i++) {
    const window = nextWindow(state, provider.maxWindowDays);
    if (!window) return { done: true };
    const tokens = await freshTokens(scope, provider);
    const stats = await provider.fetchDaily({ tokens, account, window, settings });
    checkKind(platform, provider, window, stats);
    const next: AdCheckpoint = { ...state, doneFrom: window.fromDay };
    await inTransaction(async (client) => {
      await writeWindow(client, scope, provider, window, stats);
      await saveAdProgress(client, scope, runId, next, daysBetween(window.fromDay, window.toDay));
      if (stats.kind === "ads" && stats.warnings?.length) await addRunWarnings(client, scope, runId, stats.warnings);
    });
    state = next;
  }
  return { done: nextWindow(state, provider.maxWindowDays) === null };
}
