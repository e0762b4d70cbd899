import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { addDays, localDate } from "@/lib/time/zone";
import { resolvedMetrics, workspaceProductGroups, type ResolvedMetric } from "../definitions/catalog";
import { PROVIDERS, providersOfKind } from "@/lib/connectors/registry";
import { loadConverter, type Converter } from "./conversion";
import { add, convert, formatDecimal, parseDecimal, ZERO, type Dec } from "../definitions/decimal";
import { emptyTotals, type MetricValue, type Totals } from "../definitions/registry";
import { applies, columnsOf, sourceQuery, specKey, type SourceSpec } from "./sql";
import { TIME_DIMENSIONS, ZReportRequestSchema, type Dimension, type TParsedReportRequest, type TReportRequest } from "./schema";
import type { TReport, TReportRow } from "./types";
import { comparisonRange, timeBuckets } from "./periods";

// The report engine behind dashboards, the reports API, exports and digests: metric values over a
// day range, optionally broken down by a dimension and compared with another range. It reads only
// the rollups; each source's sums are converted to the workspace currency day by day and handed
// to the registry, which owns every definition.

type Partial = Record<string, Dec | number>;
/** Sums per dimension key for one source. */
type SourceSums = Map<string, Partial>;

type RawRow = { key: string; currency: string | null; fx_day: string | null } & Record<string, string | null>;

type Workspace = { id: string; timeZone: string; currency: string };

type Queryable = { query: <R extends object>(sql: string, params?: unknown[]) => Promise<{ rows: R[] }> };

/** Ad platforms by their label, for the platform breakdown; their recent days may still be restated. */
const PLATFORM_LABELS = new Map<string, string>(providersOfKind("ads").map((key) => [key, PROVIDERS[key].label]));

export type ReportOptions = {
  /**
   * Shared by the reports of one screen (a dashboard's widgets): a statement several widgets
   * need (the same source, range, breakdown and filters) runs once.
   */
  cache?: Map<string, Promise<unknown>>;
  /** Where the rollup statements run; a transaction's client sees its own (temporary) rollups. */
  queryable?: Queryable;
};

/** Runs `work` once per key within one screen's shared cache (or every time without one). */
function memo<T>(options: ReportOptions, key: string, work: () => Promise<T>): Promise<T> {
  const { cache } = options;
  if (!cache) return work();
  if (!cache.has(key)) cache.set(key, work() as Promise<unknown[]>);
  return cache.get(key) as Promise<T>;
}

function memoSync<T>(options: ReportOptions, key: string, work: () => T): T {
  const { cache } = options;
  if (!cache) return work();
  if (!cache.has(key)) cache.set(key, work() as unknown as Promise<unknown>);
  return cache.get(key) as unknown as T;
}

type Plan = {
  workspace: Workspace;
  request: TParsedReportRequest;
  metrics: ResolvedMetric[];
  specs: SourceSpec[];
  options: ReportOptions;
};

function plan(workspace: Workspace, request: TParsedReportRequest, catalog: ResolvedMetric[], options: ReportOptions): Plan {
  const byId = new Map(catalog.map((m) => [m.id, m]));
  const ids = [...new Set(request.metrics)];
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const message = `Unknown metric${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Valid metrics: ${catalog.map((m) => m.id).join(", ")}.`;
    throw AppError.field("metrics", message);
  }
  const metrics = ids.map((id) => byId.get(id)!);
  const specs = new Map<string, SourceSpec>();
  for (const m of metrics) {
    for (const source of m.sources) {
      const spec: SourceSpec = { source, group: m.group };
      specs.set(specKey(spec), spec);
    }
  }
  return { workspace, request, metrics, specs: [...specs.values()], options };
}

/** A source's rows for one statement; `key` names the statement (its SQL and parameters). */
type Fetched = { spec: SourceSpec; key: string; rows: RawRow[] };

async function fetchSums(p: Plan, fromDay: string, toDay: string, groupBy: Dimension | null, skip: (spec: SourceSpec) => boolean = () => false): Promise<Fetched[]> {
  const { filters } = p.request;
  const usable = p.specs.filter((spec) => applies(spec, groupBy, filters) && !skip(spec));
  return Promise.all(
    usable.map(async (spec) => {
      const query = sourceQuery(spec, { workspaceId: p.workspace.id, fromDay, toDay, currency: p.workspace.currency, groupBy, filters });
      const run = async () => (await (p.options.queryable ?? getPool()).query<RawRow>(query.sql, query.params)).rows;
      const key = `${query.sql}\u0000${JSON.stringify(query.params)}`;
      return { spec, key, rows: await memo(p.options, key, run) };
    }),
  );
}

function aggregate(fetched: Fetched, converter: Converter): SourceSums {
  const columns = columnsOf(fetched.spec);
  const sums: SourceSums = new Map();
  for (const row of fetched.rows) {
    let partial = sums.get(row.key);
    if (!partial) {
      partial = Object.fromEntries(columns.map((c) => [c.field, c.kind === "count" ? 0 : ZERO]));
      sums.set(row.key, partial);
    }
    for (const c of columns) {
      const text = row[c.field] ?? "0";
      if (c.kind === "count") {
        partial[c.field] = (partial[c.field] as number) + Number(text);
      } else {
        let value = parseDecimal(text);
        if (c.kind === "money" && row.fx_day !== null && row.currency !== null) value = convert(value, converter(row.currency, row.fx_day));
        partial[c.field] = add(partial[c.field] as Dec, value);
      }
    }
  }
  return sums;
}

/** Base sums for one metric at one key, from the sources it reads; null when one can't apply. */
/**
 * A partial's fields as the registry reads them (decimal strings). Partials are shared by every
 * widget of a screen (cached sums), so each is written out once, not once per metric and widget.
 */
const written = new WeakMap<Partial, Record<string, string | number>>();
function writtenOut(partial: Partial): Record<string, string | number> {
  let out = written.get(partial);
  if (!out) {
    out = Object.fromEntries(Object.entries(partial).map(([field, value]) => [field, typeof value === "bigint" ? formatDecimal(value) : value]));
    written.set(partial, out);
  }
  return out;
}

/** A stable id per cached SourceSums, so Totals built from the same sums are built once. */
const sumsIds = new WeakMap<SourceSums, number>();
let nextSumsId = 0;
const sumsId = (sums: SourceSums) => {
  let id = sumsIds.get(sums);
  if (id === undefined) sumsIds.set(sums, (id = ++nextSumsId));
  return id;
};
const builtTotals = new WeakMap<SourceSums, Map<string, Totals>>();

function totalsFor(metric: ResolvedMetric, key: string, bySpec: Map<string, SourceSums>, currency: string): Totals | null {
  const sources: SourceSums[] = [];
  for (const source of metric.sources) {
    const sums = bySpec.get(specKey({ source, group: metric.group }));
    if (!sums) return null;
    sources.push(sums);
  }
  // Every KPI on sales reads the same sums for the same 730 days: build each Totals once.
  const cacheKey = `${currency}|${sources.map(sumsId).join(",")}|${key}`;
  let byKey = builtTotals.get(sources[0]!);
  if (!byKey) builtTotals.set(sources[0]!, (byKey = new Map()));
  let totals = byKey.get(cacheKey);
  if (!totals) {
    totals = emptyTotals(currency);
    for (const sums of sources) {
      const partial = sums.get(key);
      if (partial) Object.assign(totals, writtenOut(partial));
    }
    byKey.set(cacheKey, totals);
  }
  return totals;
}

function valuesAt(p: Plan, key: string, bySpec: Map<string, SourceSums>): Record<string, MetricValue> {
  return Object.fromEntries(
    p.metrics.map((m) => {
      const totals = totalsFor(m, key, bySpec, p.workspace.currency);
      return [m.id, totals === null ? null : m.compute(totals)];
    }),
  );
}

async function runPass(p: Plan, fromDay: string, toDay: string, groupBy: Dimension | null, skip?: (spec: SourceSpec) => boolean): Promise<{ fetched: Fetched[] }> {
  return { fetched: await fetchSums(p, fromDay, toDay, groupBy, skip) };
}

/**
 * Whether a source's period totals are the sum of its rows under this breakdown, so they need no
 * statement of their own: every row falls in exactly one bucket, channel, platform or campaign.
 * Not for customers (one customer can be returning in two weeks but once in the period) nor
 * product groups (which overlap).
 */
function totalsFromRows(spec: SourceSpec, groupBy: Dimension | null, filters: TParsedReportRequest["filters"]): boolean {
  return groupBy !== null && groupBy !== "product_group" && spec.source !== "customers" && applies(spec, groupBy, filters);
}

const summedRows = new WeakMap<SourceSums, SourceSums>();

/** One partial per source: the sum of every row's (once per cached set of rows). */
function sumRows(sums: SourceSums): SourceSums {
  const known = summedRows.get(sums);
  if (known) return known;
  const summed = addUpRows(sums);
  summedRows.set(sums, summed);
  return summed;
}

function addUpRows(sums: SourceSums): SourceSums {
  const total: Partial = {};
  for (const partial of sums.values()) {
    for (const [field, value] of Object.entries(partial)) {
      const soFar = total[field];
      total[field] = soFar === undefined ? value : typeof value === "bigint" ? add(soFar as Dec, value) : (soFar as number) + value;
    }
  }
  return new Map(sums.size > 0 ? [["", total]] : []);
}

function foreign(passes: Fetched[][]): { currencies: string[]; days: string[] } {
  const currencies = new Set<string>();
  const days: string[] = [];
  for (const fetched of passes.flat()) {
    for (const row of fetched.rows) {
      if (row.fx_day !== null && row.currency !== null) {
        currencies.add(row.currency);
        days.push(row.fx_day);
      }
    }
  }
  days.sort();
  return { currencies: [...currencies], days };
}

const titleCase = (value: string) => value.replace(/[_-]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());

async function labelsFor(p: Plan, groupBy: Dimension | null, keys: readonly string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (groupBy === "campaign" && keys.length > 0) {
    const campaigns = await db.adCampaign.findMany({
      where: { workspaceId: p.workspace.id, campaignId: { in: [...keys] } },
      select: { campaignId: true, name: true },
    });
    for (const c of campaigns) labels.set(c.campaignId, c.name);
  }
  if (groupBy === "product_group") {
    const groups = await memo(p.options, `groups:${p.workspace.id}`, () => workspaceProductGroups(p.workspace.id));
    for (const g of groups) labels.set(g.key, g.name);
  }
  for (const key of keys) {
    if (labels.has(key)) continue;
    if (groupBy === "week") labels.set(key, `Week of ${key}`);
    else if (groupBy === "month") labels.set(key, key.slice(0, 7));
    else if (groupBy === "platform") labels.set(key, PLATFORM_LABELS.get(key) ?? titleCase(key));
    else if (groupBy === "channel") labels.set(key, titleCase(key));
    else labels.set(key, key);
  }
  return labels;
}

async function freshness(workspace: Workspace): Promise<TReport["freshness"]> {
  const connections = await db.connection.findMany({
    where: { workspaceId: workspace.id, status: { not: "disconnected" } },
    select: { provider: true, lastSuccessAt: true, settings: true },
  });
  const synced = connections.map((c) => c.lastSuccessAt).filter((d): d is Date => d !== null);
  const last = synced.length > 0 ? new Date(Math.max(...synced.map((d) => d.getTime()))) : null;
  // Ad platforms restate recent days (late conversions); the daily restatement re-pulls them.
  const windows = connections
    .filter((c) => PLATFORM_LABELS.has(c.provider))
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

function warningsFor(p: Plan, totals: Map<string, SourceSums>, currencies: string[]): string[] {
  const warnings: string[] = [];
  const costMetrics = p.metrics.filter((m) => ["cogs", "gross_profit", "contribution_margin"].includes(m.id));
  const missing = totals.get("sales")?.get("")?.units_without_cost;
  if (costMetrics.length > 0 && typeof missing === "number" && missing > 0) {
    warnings.push(`${missing} units sold have no known unit cost; cost of goods sold leaves them out. Add unit costs in the metric settings.`);
  }
  if (currencies.length > 0) {
    warnings.push(`Amounts in ${currencies.join(", ")} were converted to ${p.workspace.currency} at each day's exchange rate.`);
  }
  return warnings;
}

/** Keys of the rows: every bucket of a time breakdown (empty ones too), else what the sources hold. */
function rowKeys(p: Plan, groupBy: Dimension, sums: Map<string, SourceSums>): readonly string[] {
  if ((TIME_DIMENSIONS as readonly string[]).includes(groupBy)) {
    return timeBuckets(groupBy as (typeof TIME_DIMENSIONS)[number], p.request.date_from, p.request.date_to);
  }
  const keys = new Set<string>();
  for (const s of sums.values()) for (const key of s.keys()) keys.add(key);
  return [...keys];
}

/** Descending by the first metric (n/a last), then by key, so the biggest segments lead. */
function byFirstMetric(metricId: string) {
  const numeric = (v: MetricValue) => (v === null ? null : typeof v === "number" ? parseDecimal(v) : parseDecimal(v));
  return (a: TReportRow, b: TReportRow) => {
    const x = numeric(a.values[metricId] ?? null);
    const y = numeric(b.values[metricId] ?? null);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? 1 : -1;
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

async function loadWorkspace(workspaceId: string): Promise<Workspace> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true, timeZone: true, currency: true } });
  if (!workspace) throw new AppError("not_found", "Workspace not found.");
  return workspace;
}

/** Metric values for a workspace over a day range (validated; see ZReportRequestSchema). */
export async function runReport(workspaceId: string, input: TReportRequest, options: ReportOptions = {}): Promise<TReport> {
  const request = parseInput(ZReportRequestSchema, input);
  const [workspace, groups] = await Promise.all([
    memo(options, `workspace:${workspaceId}`, () => loadWorkspace(workspaceId)),
    memo(options, `groups:${workspaceId}`, () => workspaceProductGroups(workspaceId)),
  ]);
  const p = plan(workspace, request, resolvedMetrics(groups), options);
  const groupBy = request.group_by ?? null;
  const isTime = groupBy !== null && (TIME_DIMENSIONS as readonly string[]).includes(groupBy);
  const compareRange = comparisonRange(request.compare, request.date_from, request.date_to);

  const derived = (spec: SourceSpec) => totalsFromRows(spec, groupBy, request.filters);
  const [mainTotals, mainRows, compareTotals, compareRows, fresh] = await Promise.all([
    runPass(p, request.date_from, request.date_to, null, derived),
    groupBy ? runPass(p, request.date_from, request.date_to, groupBy) : null,
    compareRange ? runPass(p, compareRange.date_from, compareRange.date_to, null) : null,
    compareRange && groupBy && !isTime ? runPass(p, compareRange.date_from, compareRange.date_to, groupBy) : null,
    memo(options, `freshness:${workspaceId}`, () => freshness(workspace)),
  ]);

  const passes = [mainTotals, mainRows, compareTotals, compareRows].filter((x) => x !== null);
  const fx = foreign(passes.map((x) => x.fetched));
  const [fxFrom, fxTo] = [fx.days[0] ?? request.date_from, fx.days.at(-1) ?? request.date_to];
  const converter = await memo(options, `fx:${workspace.currency}:${fx.currencies.join(",")}:${fxFrom}:${fxTo}`, () =>
    loadConverter(workspace.currency, fx.currencies, fxFrom, fxTo),
  );
  // Converting and summing a statement's rows is the costly part in JS: once per screen too.
  const sumsOf = (pass: { fetched: Fetched[] } | null) =>
    pass ? new Map(pass.fetched.map((f) => [specKey(f.spec), memoSync(options, `sums:${f.key}`, () => aggregate(f, converter))])) : null;

  const rowsSums = sumsOf(mainRows);
  const totals = sumsOf(mainTotals)!;
  for (const spec of p.specs.filter(derived)) totals.set(specKey(spec), sumRows(rowsSums!.get(specKey(spec)) ?? new Map()));
  const compareSums = sumsOf(compareTotals);
  const compareRowSums = sumsOf(compareRows);

  let rows: TReportRow[] = [];
  if (groupBy && rowsSums) {
    const keys = rowKeys(p, groupBy, rowsSums);
    const labels = await labelsFor(p, groupBy, keys);
    rows = keys.map((key) => ({
      key,
      label: labels.get(key) ?? key,
      values: valuesAt(p, key, rowsSums),
      ...(compareRowSums ? { compare: valuesAt(p, key, compareRowSums) } : {}),
    }));
    if (!isTime) rows.sort(byFirstMetric(p.metrics[0]!.id));
  }

  return {
    currency: workspace.currency,
    time_zone: workspace.timeZone,
    range: { date_from: request.date_from, date_to: request.date_to },
    compare: request.compare,
    compare_range: compareRange,
    group_by: groupBy,
    metrics: p.metrics.map((m) => ({ id: m.id, label: m.label, format: m.format, description: m.description })),
    rows,
    totals: valuesAt(p, "", totals),
    compare_totals: compareSums ? valuesAt(p, "", compareSums) : null,
    // Only ad platforms restate past days; a report without ad metrics has nothing pending.
    freshness: p.metrics.some((m) => m.sources.includes("ads")) ? fresh : { ...fresh, restatable_from: null },
    warnings: warningsFor(p, totals, fx.currencies),
  };
}
