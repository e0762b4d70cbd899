import type { DayWindow, ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import type { TrafficInput } from "@/lib/connectors/contracts/ad-facts";
import { GA4_PROVIDER } from "./ga4-errors";
import { malformed, readCount, readText, textToDecimal } from "./numbers";

// Pure transforms from GA4 answers: runReport (Data API) rows of dimensionValues/metricValues, all
// strings, into daily traffic facts; accountSummaries and properties (Admin API) into the property
// picker. Columns are found by their headers, never by position alone.

type Json = Record<string, unknown>;
const record = (value: unknown): Json | null => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : null);

export const GA4_DIMENSIONS = ["date", "sessionDefaultChannelGroup", "sessionSource", "sessionMedium"] as const;
export const GA4_METRICS = ["sessions", "totalUsers", "transactions", "purchaseRevenue"] as const;

function columnIndexes(headers: unknown, wanted: readonly string[], what: string): number[] {
  if (!Array.isArray(headers)) throw malformed(GA4_PROVIDER, what, "is missing");
  const names = headers.map((h) => record(h)?.name);
  return wanted.map((name) => {
    const index = names.indexOf(name);
    if (index === -1) throw malformed(GA4_PROVIDER, what, `has no ${name} column`);
    return index;
  });
}

function cell(row: Json, list: "dimensionValues" | "metricValues", index: number, path: string): unknown {
  const values = row[list];
  if (!Array.isArray(values)) throw malformed(GA4_PROVIDER, `${path}.${list}`, "is missing (partial data)");
  const value = record(values[index])?.value;
  if (value === undefined) throw malformed(GA4_PROVIDER, `${path}.${list}[${index}].value`, "is missing");
  return value;
}

export type Ga4Page = { rows: TrafficInput[]; received: number; rowCount: number };

/** One runReport page -> traffic rows; the revenue currency is the property's (metadata.currencyCode). */
export function toTrafficPage(body: unknown, window: DayWindow, fallbackCurrency: string | null): Ga4Page {
  const report = record(body);
  if (!report) throw malformed(GA4_PROVIDER, "the runReport answer", "should be an object");
  const rows = report.rows === undefined ? [] : report.rows;
  if (!Array.isArray(rows)) throw malformed(GA4_PROVIDER, "rows", "should be a list");
  const rowCount = report.rowCount === undefined ? 0 : readCount(report.rowCount, "rowCount", GA4_PROVIDER);
  if (rows.length === 0) return { rows: [], received: 0, rowCount };

  const [date, channel, source, medium] = columnIndexes(report.dimensionHeaders, GA4_DIMENSIONS, "dimensionHeaders") as [number, number, number, number];
  const [sessions, users, transactions, revenue] = columnIndexes(report.metricHeaders, GA4_METRICS, "metricHeaders") as [number, number, number, number];
  const currencyCode = record(report.metadata)?.currencyCode ?? fallbackCurrency;
  const currency = readText(currencyCode, "metadata.currencyCode", GA4_PROVIDER);

  const traffic = rows.map((value, i): TrafficInput => {
    const path = `rows[${i}]`;
    const row = record(value);
    if (!row) throw malformed(GA4_PROVIDER, path, "should be an object");
    const compact = readText(cell(row, "dimensionValues", date, path), `${path}.date`, GA4_PROVIDER);
    if (!/^\d{8}$/.test(compact)) throw malformed(GA4_PROVIDER, `${path}.date`, `should be YYYYMMDD, got ${JSON.stringify(compact)}`);
    const day = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6)}`;
    if (day < window.fromDay || day > window.toDay) throw malformed(GA4_PROVIDER, `${path}.date`, `is ${day}, outside the requested ${window.fromDay}..${window.toDay}`);
    const text = (index: number, name: string) => {
      const v = cell(row, "dimensionValues", index, path);
      if (typeof v !== "string") throw malformed(GA4_PROVIDER, `${path}.${name}`, "should be text");
      return v;
    };
    const purchaseRevenue = textToDecimal(cell(row, "metricValues", revenue, path), `${path}.purchaseRevenue`, GA4_PROVIDER);
    return {
      day,
      channelGroup: readText(text(channel, "sessionDefaultChannelGroup"), `${path}.sessionDefaultChannelGroup`, GA4_PROVIDER),
      source: text(source, "sessionSource"),
      medium: text(medium, "sessionMedium"),
      sessions: readCount(cell(row, "metricValues", sessions, path), `${path}.sessions`, GA4_PROVIDER),
      users: readCount(cell(row, "metricValues", users, path), `${path}.totalUsers`, GA4_PROVIDER),
      transactions: readCount(cell(row, "metricValues", transactions, path), `${path}.transactions`, GA4_PROVIDER),
      // Nets out refunds, so a row with refunds and no purchases is below zero: kept as reported.
      purchaseRevenue,
      currency,
    };
  });
  return { rows: traffic, received: rows.length, rowCount };
}

/** Rows of consecutive pages must not repeat a (day, channel group, source, medium). */
export function assertUniqueTraffic(rows: TrafficInput[]): void {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const key = JSON.stringify([row.day, row.channelGroup, row.source, row.medium]);
    if (seen.has(key)) throw malformed(GA4_PROVIDER, `row ${i}`, `repeats ${row.channelGroup} / ${row.source} / ${row.medium} on ${row.day}`);
    seen.add(key);
  });
}

/** accountSummaries.list page -> properties (id "properties/123") and the next page token. */
export function toPropertySummaries(body: unknown): { accounts: ProviderAccount[]; nextPageToken: string | null } {
  const page = record(body);
  const summaries = page?.accountSummaries === undefined ? [] : page.accountSummaries;
  if (!Array.isArray(summaries)) throw malformed(GA4_PROVIDER, "accountSummaries", "should be a list");
  const accounts: ProviderAccount[] = [];
  summaries.forEach((summary, a) => {
    const accountName = record(summary)?.displayName;
    const properties = record(summary)?.propertySummaries ?? [];
    if (!Array.isArray(properties)) throw malformed(GA4_PROVIDER, `accountSummaries[${a}].propertySummaries`, "should be a list");
    properties.forEach((property, p) => {
      const path = `accountSummaries[${a}].propertySummaries[${p}]`;
      const id = readText(record(property)?.property, `${path}.property`, GA4_PROVIDER);
      if (!/^properties\/\d+$/.test(id)) throw malformed(GA4_PROVIDER, `${path}.property`, `should look like properties/123, got ${JSON.stringify(id)}`);
      const name = record(property)?.displayName;
      const label = typeof name === "string" && name ? name : id;
      accounts.push({ id, name: typeof accountName === "string" && accountName ? `${label} (${accountName})` : label, currency: null, timeZone: null });
    });
  });
  const token = page?.nextPageToken;
  return { accounts, nextPageToken: typeof token === "string" && token ? token : null };
}

/** properties.get -> the property's currency and reporting time zone. */
export function propertySettings(body: unknown): { currency: string | null; timeZone: string | null } {
  const property = record(body);
  return {
    currency: typeof property?.currencyCode === "string" ? property.currencyCode : null,
    timeZone: typeof property?.timeZone === "string" ? property.timeZone : null,
  };
}
