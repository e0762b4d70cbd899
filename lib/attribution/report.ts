import { z } from "zod";
import { toCsv, type CsvCell } from "@/lib/api/csv";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { currencyDecimals } from "@/lib/metrics/report/precision";
import { boundsMessage, dayInBounds } from "@/lib/time/bounds";
import { addDays, localDate } from "@/lib/time/zone";
import { orderMatchRate } from "./match-rate";
import { ATTRIBUTION_MODELS, LOOKBACK_WINDOWS, type AttributionModel, type LookbackWindow } from "./models";
import { getAttributionSettings } from "./settings";

// The attribution report: the stored daily credits (attribution_daily) summed over a range per
// channel, platform or campaign, with the range's match rate. Reads only the small aggregates.
// Every refusal names its query parameter.

export const GROUP_BY = ["channel", "platform", "campaign"] as const;
export const BASES = ["cash", "accrual"] as const;
export const REPORT_FORMATS = ["json", "csv"] as const;
export const REPORT_PARAMETERS = ["model", "window", "group_by", "date_from", "date_to", "basis", "paid_only", "format"] as const;
export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;

export type TAttributionQuery = {
  model: AttributionModel | null;
  window: LookbackWindow | null;
  groupBy: (typeof GROUP_BY)[number];
  basis: (typeof BASES)[number];
  paidOnly: boolean;
  dateFrom: string | null;
  dateTo: string | null;
  format: (typeof REPORT_FORMATS)[number];
};

export function parseAttributionQuery(params: URLSearchParams): TAttributionQuery {
  const problems: Record<string, string> = {};
  for (const name of new Set(params.keys())) {
    if (!(REPORT_PARAMETERS as readonly string[]).includes(name)) problems[name] = `Unknown query parameter "${name.slice(0, 60)}". Use: ${REPORT_PARAMETERS.join(", ")}.`;
    else if (params.getAll(name).length > 1) problems[name] = `Give ${name} once.`;
  }
  const get = (name: string) => params.get(name)?.trim() || undefined;
  const oneOf = <T extends string | number>(name: string, valid: readonly T[], parse: (text: string) => T | string = (t) => t): T | undefined => {
    const text = get(name);
    if (text === undefined || problems[name]) return undefined;
    const value = parse(text);
    if ((valid as readonly (string | number)[]).includes(value)) return value as T;
    problems[name] = `${name}: unknown value "${text.slice(0, 60)}". Use one of: ${valid.join(", ")}.`;
    return undefined;
  };
  const model = oneOf("model", ATTRIBUTION_MODELS) ?? null;
  const window = (oneOf("window", LOOKBACK_WINDOWS, (t) => (/^\d{1,3}d?$/.test(t) ? Number(t.replace("d", "")) : t)) ?? null) as LookbackWindow | null;
  const groupBy = oneOf("group_by", GROUP_BY) ?? "channel";
  const basis = oneOf("basis", BASES) ?? "cash";
  const format = oneOf("format", REPORT_FORMATS) ?? "json";
  const paid = oneOf("paid_only", ["true", "false"] as const);
  const dates: Record<"date_from" | "date_to", string | null> = { date_from: null, date_to: null };
  for (const name of ["date_from", "date_to"] as const) {
    const value = get(name);
    if (value === undefined || problems[name]) continue;
    if (!z.iso.date().safeParse(value).success) problems[name] = `${name} must be a date written YYYY-MM-DD.`;
    else if (!dayInBounds(value)) problems[name] = `${name}: ${boundsMessage()}`;
    else dates[name] = value;
  }
  if (dates.date_from && dates.date_to) {
    if (dates.date_from > dates.date_to) problems.date_to = "date_to is before date_from.";
    else if (Date.parse(dates.date_to) - Date.parse(dates.date_from) >= MAX_RANGE_DAYS * 86_400_000) problems.date_to = `date_to: a report covers at most ${MAX_RANGE_DAYS} days.`;
  }
  const names = Object.keys(problems);
  if (names.length > 0) {
    const message = names.length === 1 ? problems[names[0]!]! : `Invalid query parameters (${names.map((n) => `${n}: ${problems[n]}`).join("; ")})`;
    throw new AppError("bad_request", message, { fields: problems });
  }
  return { model, window, groupBy, basis, paidOnly: paid === "true", dateFrom: dates.date_from, dateTo: dates.date_to, format };
}

const ZRowSchema = z.object({
  key: z.string().describe("The channel, the platform (\"\" for none) or the campaign (an ad campaign id, `utm:<normalised name>` for an unmatched UTM campaign, \"\" for none)."),
  attributed_orders: z.string().describe("Orders credited, a decimal to 4 places."),
  new_customer_orders: z.string(),
  revenue: z.string().describe("Attributed net sales in the workspace currency."),
});

export const ZAttributionReportSchema = z.object({
  model: z.enum(ATTRIBUTION_MODELS),
  window: z.number().int(),
  group_by: z.enum(GROUP_BY),
  basis: z.enum(BASES),
  paid_only: z.boolean(),
  date_from: z.string(),
  date_to: z.string(),
  currency: z.string(),
  match_rate: z.object({
    orders: z.number().int(),
    matched_orders: z.number().int(),
    order_rate: z.number().nullable(),
    revenue_rate: z.number().nullable(),
    band: z.enum(["excellent", "fair", "low"]).nullable().describe("From the order share: >= 0.9 excellent, >= 0.7 fair, else low."),
  }),
  rows: z.array(ZRowSchema),
  totals: ZRowSchema.omit({ key: true }),
});
export type TAttributionReport = z.infer<typeof ZAttributionReportSchema>;

/** A non-negative or negative integer in `scale` parts, as a decimal with `places` places (half away from zero). */
function scaled(value: bigint, scaleDigits: number, places: number): string {
  const negative = value < 0n;
  let v = negative ? -value : value;
  const drop = scaleDigits - places;
  if (drop > 0) {
    const unit = 10n ** BigInt(drop);
    v = (v + unit / 2n) / unit;
  }
  const digits = places > 0 ? v.toString().padStart(places + 1, "0") : v.toString();
  const text = places > 0 ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return negative && v !== 0n ? `-${text}` : text;
}

export async function runAttributionReport(workspaceId: string, query: TAttributionQuery): Promise<TAttributionReport> {
  const [workspace, settings] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timeZone: true, currency: true } }),
    getAttributionSettings(workspaceId),
  ]);
  const model = query.model ?? settings.defaultModel;
  const window = query.window ?? settings.defaultWindow;
  const dateTo = query.dateTo ?? (query.dateFrom ? addDays(query.dateFrom, DEFAULT_RANGE_DAYS - 1) : localDate(new Date(), workspace.timeZone));
  const dateFrom = query.dateFrom ?? addDays(dateTo, -(DEFAULT_RANGE_DAYS - 1));
  const [{ rows }, rate] = await Promise.all([
    getPool().query<{ key: string; orders: string; new_orders: string; revenue: string }>(
      `SELECT ${query.groupBy} AS key, sum(orders_micro)::text AS orders, sum(new_customer_micro)::text AS new_orders, sum(revenue_minor)::text AS revenue
       FROM attribution_daily
       WHERE workspace_id = $1 AND basis = $2 AND day BETWEEN $3::date AND $4::date AND model = $5 AND window_days = $6 AND paid_only = $7
       GROUP BY 1 ORDER BY sum(revenue_minor) DESC, sum(orders_micro) DESC, 1`,
      [workspaceId, query.basis, dateFrom, dateTo, model, window, query.paidOnly],
    ),
    orderMatchRate(workspaceId, dateFrom, dateTo),
  ]);
  const decimals = currencyDecimals(workspace.currency);
  const shown = (orders: bigint, newOrders: bigint, revenue: bigint) => ({
    attributed_orders: scaled(orders, 6, 4),
    new_customer_orders: scaled(newOrders, 6, 4),
    revenue: scaled(revenue, decimals, decimals),
  });
  let [orders, newOrders, revenue] = [0n, 0n, 0n];
  const out = rows.map((r) => {
    orders += BigInt(r.orders);
    newOrders += BigInt(r.new_orders);
    revenue += BigInt(r.revenue);
    return { key: r.key, ...shown(BigInt(r.orders), BigInt(r.new_orders), BigInt(r.revenue)) };
  });
  return {
    model, window, group_by: query.groupBy, basis: query.basis, paid_only: query.paidOnly, date_from: dateFrom, date_to: dateTo, currency: workspace.currency,
    match_rate: { orders: rate.orders, matched_orders: rate.matchedOrders, order_rate: rate.orderRate, revenue_rate: rate.revenueRate, band: rate.band },
    rows: out,
    totals: shown(orders, newOrders, revenue),
  };
}

export function attributionCsv(report: TAttributionReport): string {
  const header: CsvCell[] = [report.group_by, "attributed_orders", "new_customer_orders", "revenue"];
  return toCsv([header, ...report.rows.map((row): CsvCell[] => [row.key, row.attributed_orders, row.new_customer_orders, row.revenue])]);
}

export const attributionCsvName = (report: TAttributionReport) => `signalboard-attribution-${report.model}-${report.date_from}-${report.date_to}.csv`;
