import { z } from "zod";
import { shownRange, ZHistoryNoteSchema } from "@/lib/billing/history";
import { toCsv, type CsvCell } from "@/lib/api/csv";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { currencyDecimals } from "@/lib/metrics/report/precision";
import { boundsMessage, dayInBounds } from "@/lib/time/bounds";
import { addDays, localDate } from "@/lib/time/zone";
import { divide, formatFixed, parseDecimal, SCALE_DIGITS, type Dec } from "@/lib/metrics/definitions/decimal";
import { platformReported, type TPlatformFigures } from "./ad-spend";
import { rowLabels } from "./labels";
import { orderMatchRate } from "./match-rate";
import { ATTRIBUTION_MODELS, LOOKBACK_WINDOWS, type AttributionModel, type LookbackWindow } from "./models";
import { getAttributionSettings } from "./settings";
import { taggedAttributionSums } from "./tagged";
import { assertTagOf } from "@/lib/tags/members";
import { TAG_PARAMETER, TAG_PARAMETER_MESSAGE } from "@/lib/tags/parameter";
import { attributionEmptyReason, EMPTY_MESSAGES, EMPTY_REASONS } from "./status";
import { traceReport } from "@/lib/observability/spans";

// The attribution report: the stored daily credits (attribution_daily) summed over a range per
// channel, platform or campaign, with the range's match rate. Reads only the small aggregates.
// Every refusal names its query parameter.

export const GROUP_BY = ["channel", "platform", "campaign"] as const;
export const BASES = ["cash", "accrual"] as const;
export const REPORT_FORMATS = ["json", "csv"] as const;
/** Which conversions are credited: store orders (the default, so reports read as before deals were counted), won CRM deals, or both. */
export const CONVERSION_TYPES = ["order", "deal", "all"] as const;
export const REPORT_PARAMETERS = ["model", "window", "group_by", "date_from", "date_to", "basis", "paid_only", "conversion_type", "tag", "format"] as const;
export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;

export type TAttributionQuery = {
  model: AttributionModel | null;
  window: LookbackWindow | null;
  groupBy: (typeof GROUP_BY)[number];
  basis: (typeof BASES)[number];
  paidOnly: boolean;
  conversionType: (typeof CONVERSION_TYPES)[number];
  dateFrom: string | null;
  dateTo: string | null;
  format: (typeof REPORT_FORMATS)[number];
  /** Only orders of customers who have this tag of ours now (a tag's id, lib/tags); null for everyone. */
  tag: string | null;
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
  const conversionType = oneOf("conversion_type", CONVERSION_TYPES) ?? "order";
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
  const tag = get("tag");
  if (tag !== undefined && !problems.tag) {
    if (!TAG_PARAMETER.test(tag)) problems.tag = TAG_PARAMETER_MESSAGE;
    // Tags are on customers; a CRM deal's contact is not one of them.
    else if (conversionType !== "order") problems.tag = "tag: a tag keeps its members' store orders, so it needs conversion_type=order.";
  }
  const names = Object.keys(problems);
  if (names.length > 0) {
    const message = names.length === 1 ? problems[names[0]!]! : `Invalid query parameters (${names.map((n) => `${n}: ${problems[n]}`).join("; ")})`;
    throw new AppError("bad_request", message, { fields: problems });
  }
  return { model, window, groupBy, basis, paidOnly: paid === "true", conversionType, dateFrom: dates.date_from, dateTo: dates.date_to, format, tag: tag ?? null };
}

const money = (what: string) => z.string().nullable().describe(`${what}, in the workspace currency; null without ad data for the row.`);
const ratio = (what: string) => z.string().nullable().describe(`${what}, a decimal to 4 places; null when its denominator is 0 or there is no ad data for the row.`);

const ZRowSchema = z.object({
  key: z.string().describe("The channel (owned channels too: email, sms, push, ...), the platform (\"\" for none) or the campaign (an ad campaign id, `owned:<id>` for an owned-channel campaign or flow, `utm:<normalised name>` for an unmatched UTM campaign, \"\" for none)."),
  label: z.string().describe("The row's name for people: the channel or platform name, the campaign's name."),
  attributed_orders: z.string().describe("Orders credited, a decimal to 4 places."),
  new_customer_orders: z.string(),
  revenue: z.string().describe("Attributed net sales in the workspace currency."),
  ad_spend: money("Ad spend of the row's platforms or campaigns (ad insights)"),
  roas: ratio("Attributed revenue / ad spend"),
  cac: money("Ad spend / attributed new-customer orders (null without new-customer orders)"),
  platform_conversions: z.string().nullable().describe("Conversions the ad platforms report for themselves, to 4 places; null without ad data."),
  platform_roas: ratio("Conversion value the platforms report / ad spend"),
  conversions_difference: z.string().nullable().describe("platform_conversions − attributed_orders: what the platforms claim beyond this model's credit."),
  roas_difference: z.string().nullable().describe("platform_roas − roas."),
});

export const ZAttributionReportSchema = z.object({
  model: z.enum(ATTRIBUTION_MODELS),
  window: z.number().int(),
  group_by: z.enum(GROUP_BY),
  basis: z.enum(BASES),
  paid_only: z.boolean(),
  conversion_type: z.enum(CONVERSION_TYPES).describe("Conversions credited: `order` (store orders, the default), `deal` (won CRM deals, valued at the deal's amount in the workspace currency), or `all`."),
  date_from: z.string(),
  date_to: z.string(),
  tag: z.string().nullable().describe("The tag whose members' orders alone are credited (their customer key, after identity merges, has the tag now); null for every order."),
  currency: z.string(),
  empty: z.enum(EMPTY_REASONS).nullable().describe(
    "Why there is nothing to attribute, or null: `no_tracking` (no tracked events: install the snippet or pixel), `no_matched_orders` (visits tracked, no order matched to a visitor yet).",
  ),
  empty_message: z.string().nullable().describe("What `empty` means and what to do, for people."),
  match_rate: z.object({
    orders: z.number().int(),
    matched_orders: z.number().int(),
    order_rate: z.number().nullable(),
    revenue_rate: z.number().nullable(),
    band: z.enum(["excellent", "fair", "low"]).nullable().describe("From the order share: >= 0.9 excellent, >= 0.7 fair, else low."),
  }),
  rows: z.array(ZRowSchema),
  totals: ZRowSchema.omit({ key: true, label: true }),
  warnings: z.array(z.string()).describe("Ad spend left out (a currency without an exchange rate), and the like."),
  history_note: ZHistoryNoteSchema,
});
export type TAttributionReport = z.infer<typeof ZAttributionReportSchema>;

/** A non-negative or negative integer in `scale` parts, as a decimal with `places` places (half away from zero). */
export function shownScaled(value: bigint, scaleDigits: number, places: number): string {
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

/** The report's range: explicit days, else DEFAULT_RANGE_DAYS ending today in the workspace time zone. */
export function reportRange(query: Pick<TAttributionQuery, "dateFrom" | "dateTo">, timeZone: string): { dateFrom: string; dateTo: string } {
  const dateTo = query.dateTo ?? (query.dateFrom ? addDays(query.dateFrom, DEFAULT_RANGE_DAYS - 1) : localDate(new Date(), timeZone));
  return { dateFrom: query.dateFrom ?? addDays(dateTo, -(DEFAULT_RANGE_DAYS - 1)), dateTo };
}

/** The range as the plan shows it: cut to its earliest day (a range wholly older is a 402), with its note when cut. */
export async function shownReportRange(
  workspaceId: string, query: Pick<TAttributionQuery, "dateFrom" | "dateTo">, timeZone: string,
): Promise<{ dateFrom: string; dateTo: string; note: string | null }> {
  const { dateFrom, dateTo } = reportRange(query, timeZone);
  const shown = await shownRange(workspaceId, timeZone, { from: dateFrom, to: dateTo });
  return { dateFrom: shown.from ?? dateFrom, dateTo, note: shown.note };
}

type TSums = { orders: bigint; newOrders: bigint; revenue: bigint };

/** Every order's credit per row key, from the daily sums, largest revenue first. */
async function storedSums(
  workspaceId: string, query: Pick<TAttributionQuery, "groupBy" | "basis" | "paidOnly" | "conversionType"> & { model: string; window: number; dateFrom: string; dateTo: string },
): Promise<({ key: string } & TSums)[]> {
  const { rows } = await getPool().query<{ key: string; orders: string; new_orders: string; revenue: string }>(
    `SELECT ${query.groupBy} AS key, sum(orders_micro)::text AS orders, sum(new_customer_micro)::text AS new_orders, sum(revenue_minor)::text AS revenue
     FROM attribution_daily
     WHERE workspace_id = $1 AND basis = $2 AND day BETWEEN $3::date AND $4::date AND model = $5 AND window_days = $6 AND paid_only = $7
       AND ($8 = 'all' OR conversion_type = $8)
     GROUP BY 1 ORDER BY sum(revenue_minor) DESC, sum(orders_micro) DESC, 1`,
    [workspaceId, query.basis, query.dateFrom, query.dateTo, query.model, query.window, query.paidOnly, query.conversionType],
  );
  return rows.map((r) => ({ key: r.key, orders: BigInt(r.orders), newOrders: BigInt(r.new_orders), revenue: BigInt(r.revenue) }));
}

export function runAttributionReport(workspaceId: string, query: TAttributionQuery): Promise<TAttributionReport> {
  return traceReport("attribution", workspaceId, () => runAttributionReportNow(workspaceId, query));
}

async function runAttributionReportNow(workspaceId: string, query: TAttributionQuery): Promise<TAttributionReport> {
  const [workspace, settings, empty] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { id: true, timeZone: true, currency: true } }),
    getAttributionSettings(workspaceId),
    attributionEmptyReason(workspaceId),
  ]);
  const model = query.model ?? settings.defaultModel;
  const window = query.window ?? settings.defaultWindow;
  const { dateFrom, dateTo, note } = await shownReportRange(workspaceId, query, workspace.timeZone);
  if (query.tag) await assertTagOf(workspaceId, query.tag);
  const [rows, rate, ads] = await Promise.all([
    query.tag
      ? taggedAttributionSums(workspaceId, { tagId: query.tag, groupBy: query.groupBy, basis: query.basis, dateFrom, dateTo, model, window, paidOnly: query.paidOnly })
      : storedSums(workspaceId, { ...query, model, window, dateFrom, dateTo }),
    orderMatchRate(workspaceId, dateFrom, dateTo),
    // Ad spend is not spent per customer, so a tag's rows have no spend, ROAS or CAC beside them.
    query.tag ? { byKey: new Map<string, TPlatformFigures>(), unconvertible: [] } : platformReported(workspace, query.groupBy, dateFrom, dateTo),
  ]);
  const sums = new Map<string, TSums>(rows.map((r) => [r.key, { orders: r.orders, newOrders: r.newOrders, revenue: r.revenue }]));
  // Rows with spend but no credit matter most (money that earned nothing under this model): they follow, by spend.
  const spendOnly = [...ads.byKey].filter(([key]) => !sums.has(key)).sort(([a, x], [b, y]) => (y.spend > x.spend ? 1 : y.spend < x.spend ? -1 : a.localeCompare(b)));
  for (const [key] of spendOnly) sums.set(key, { orders: 0n, newOrders: 0n, revenue: 0n });

  const decimals = currencyDecimals(workspace.currency);
  const figures = rowFigures(decimals);
  const total: TSums = { orders: 0n, newOrders: 0n, revenue: 0n };
  let totalAds: TPlatformFigures | undefined;
  for (const [key, s] of sums) {
    total.orders += s.orders;
    total.newOrders += s.newOrders;
    total.revenue += s.revenue;
    const ad = ads.byKey.get(key);
    if (ad) totalAds = { spend: (totalAds?.spend ?? 0n) + ad.spend, conversions: (totalAds?.conversions ?? 0n) + ad.conversions, conversionValue: (totalAds?.conversionValue ?? 0n) + ad.conversionValue };
  }
  const labels = await rowLabels(workspaceId, query.groupBy, [...sums.keys()]);
  return {
    model, window, group_by: query.groupBy, basis: query.basis, paid_only: query.paidOnly, conversion_type: query.conversionType, date_from: dateFrom, date_to: dateTo, tag: query.tag, currency: workspace.currency,
    empty, empty_message: empty ? EMPTY_MESSAGES[empty] : null,
    match_rate: { orders: rate.orders, matched_orders: rate.matchedOrders, order_rate: rate.orderRate, revenue_rate: rate.revenueRate, band: rate.band },
    rows: [...sums].map(([key, s]) => ({ key, label: labels.get(key) ?? key, ...figures(s, ads.byKey.get(key)) })),
    totals: figures(total, totalAds),
    warnings: [
      ...(ads.unconvertible.length > 0 ? [`Ad spend in ${ads.unconvertible.join(", ")} is left out: no exchange rate to ${workspace.currency} for some days.`] : []),
      ...(query.tag ? ["Ad spend is not spent per customer: spend, ROAS, CAC and the platforms' figures are left out for a tag."] : []),
    ],
    history_note: note,
  };
}

/** One row's shown values: our credit, and beside it the platforms' spend and their own claims. */
function rowFigures(decimals: number) {
  // Revenue is stored in minor units, spend as a 4-place decimal: compare them as decimals.
  const minorToDec = (minor: bigint) => minor * 10n ** BigInt(SCALE_DIGITS - decimals);
  const orderDec = (micro: bigint) => parseDecimal(shownScaled(micro, 6, SCALE_DIGITS));
  const shownMoney = (value: Dec | null) => (value === null ? null : formatFixed(value, decimals));
  const shownRatio = (value: Dec | null) => (value === null ? null : formatFixed(value, SCALE_DIGITS));
  return (s: TSums, ad: TPlatformFigures | undefined) => {
    const revenue = minorToDec(s.revenue);
    const roas = ad ? divide(revenue, ad.spend) : null;
    const platformRoas = ad ? divide(ad.conversionValue, ad.spend) : null;
    return {
      attributed_orders: shownScaled(s.orders, 6, 4),
      new_customer_orders: shownScaled(s.newOrders, 6, 4),
      revenue: shownScaled(s.revenue, decimals, decimals),
      ad_spend: ad ? shownMoney(ad.spend) : null,
      roas: shownRatio(roas),
      cac: ad ? shownMoney(divide(ad.spend, orderDec(s.newOrders))) : null,
      platform_conversions: ad ? formatFixed(ad.conversions, 4) : null,
      platform_roas: shownRatio(platformRoas),
      conversions_difference: ad ? formatFixed(ad.conversions - orderDec(s.orders), 4) : null,
      roas_difference: roas !== null && platformRoas !== null ? shownRatio(platformRoas - roas) : null,
    };
  };
}

// The original four columns first, so existing readers keep working, then the platforms' side.
const CSV_COLUMNS = [
  "attributed_orders", "new_customer_orders", "revenue", "ad_spend", "roas", "cac",
  "platform_conversions", "platform_roas", "conversions_difference", "roas_difference", "label",
] as const;

export function attributionCsv(report: TAttributionReport): string {
  const header: CsvCell[] = [report.group_by, ...CSV_COLUMNS];
  return toCsv([header, ...report.rows.map((row): CsvCell[] => [row.key, ...CSV_COLUMNS.map((c) => row[c])])]);
}

export const attributionCsvName = (report: TAttributionReport) => `signalboard-attribution-${report.model}-${report.date_from}-${report.date_to}.csv`;

/** The query string that asks for exactly this report again (screens link views and the CSV with it). */
export function attributionReportParams(report: TAttributionReport): URLSearchParams {
  const params = new URLSearchParams({ model: report.model, window: String(report.window), group_by: report.group_by, basis: report.basis });
  if (report.paid_only) params.set("paid_only", "true");
  if (report.conversion_type !== "order") params.set("conversion_type", report.conversion_type);
  params.set("date_from", report.date_from);
  params.set("date_to", report.date_to);
  if (report.tag) params.set("tag", report.tag);
  return params;
}
