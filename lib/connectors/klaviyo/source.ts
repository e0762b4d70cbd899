// A Klaviyo account as an owned-channel source: campaigns (one listing per channel, as Klaviyo
// requires) and flows with their messages, then each engagement metric's events over the window,
// page by page, and the values reports for totals.

import type { EventsBatch, EventWindow, OwnedSource } from "../contracts/owned-source";
import type { MessageTotalsFact, OwnedCatalog } from "../contracts/owned-facts";
import { pages, type KlaviyoClient } from "./client";
import type { CampaignsPage, EventsPage, FlowsPage, KlaviyoMetric, MetricsPage, ValuesReport } from "./shapes";
import {
  campaignsToCatalog,
  conversionMetricId,
  eventsToFacts,
  flowsToCatalog,
  indexCatalog,
  mergeCatalogs,
  trackedMetrics,
  valuesToTotals,
  VALUES_STATISTICS,
  type Hash,
  type TrackedMetric,
} from "./transform";

/** Klaviyo lists campaigns of one channel at a time. */
const CAMPAIGN_CHANNELS = ["email", "sms", "mobile_push"] as const;
const EVENTS_PAGE_SIZE = 500;
const YEAR_MS = 365 * 86_400_000;

type Cursor = { metric: string; next: string | null };

function parseCursor(cursor: string | null): Cursor | null {
  if (!cursor) return null;
  const parsed = JSON.parse(cursor) as Partial<Cursor>;
  return typeof parsed.metric === "string" ? { metric: parsed.metric, next: typeof parsed.next === "string" ? parsed.next : null } : null;
}

/** Klaviyo's filter language: dates unquoted, strings in double quotes. */
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "+00:00");

export function eventsFilter(metricId: string, window: { from: Date; to: Date }): string {
  return `and(equals(metric_id,"${metricId}"),greater-or-equal(datetime,${iso(window.from)}),less-than(datetime,${iso(window.to)}))`;
}

export function createKlaviyoSource(client: KlaviyoClient, hash: Hash): OwnedSource {
  let metrics: KlaviyoMetric[] | null = null;
  const allMetrics = async () => {
    if (!metrics) {
      metrics = [];
      for await (const page of pages<MetricsPage>(client, "metrics")) metrics.push(...page.data);
    }
    return metrics;
  };

  async function catalog(): Promise<OwnedCatalog> {
    const parts: OwnedCatalog[] = [];
    for (const channel of CAMPAIGN_CHANNELS) {
      const query = { filter: `equals(messages.channel,'${channel}')`, include: "campaign-messages,tags" };
      for await (const page of pages<CampaignsPage>(client, "campaigns", query)) parts.push(campaignsToCatalog(page));
    }
    for await (const page of pages<FlowsPage>(client, "flows", { include: "flow-actions,tags" })) parts.push(flowsToCatalog(page));
    return mergeCatalogs(...parts);
  }

  async function events(window: EventWindow, known: OwnedCatalog): Promise<EventsBatch> {
    const tracked: TrackedMetric[] = trackedMetrics(await allMetrics());
    const cursor = parseCursor(window.cursor);
    let at = cursor ? tracked.findIndex((m) => m.id === cursor.metric) : 0;
    // A metric that disappeared since the cursor was saved: its events are gone too, start over.
    if (at < 0) at = 0;
    const metric = tracked[at];
    if (!metric) return { sends: [], engagements: [], blocked: [], read: 0, skipped: {}, nextCursor: null };
    const page = cursor?.next && cursor.metric === metric.id
      ? await client.next<EventsPage>(cursor.next)
      : await client.get<EventsPage>("events", {
        filter: eventsFilter(metric.id, window),
        include: "profile",
        "fields[profile]": "email,phone_number",
        sort: "datetime",
        "page[size]": EVENTS_PAGE_SIZE,
      });
    const facts = eventsToFacts(page, metric.name, indexCatalog(known), hash);
    const next = page.links?.next ?? null;
    const following = tracked[at + 1];
    const nextCursor = next
      ? JSON.stringify({ metric: metric.id, next } satisfies Cursor)
      : following
        ? JSON.stringify({ metric: following.id, next: null } satisfies Cursor)
        : null;
    return { ...facts, read: page.data.length, nextCursor };
  }

  async function totals(range: { from: Date; to: Date }, known: OwnedCatalog): Promise<MessageTotalsFact[]> {
    const conversion = conversionMetricId(await allMetrics());
    // The reports count conversions by a metric they must be given; an account without orders has none to give.
    if (!conversion) return [];
    const span = { from: new Date(Math.max(range.from.getTime(), range.to.getTime() - YEAR_MS)), to: range.to };
    const index = indexCatalog(known);
    const out: MessageTotalsFact[] = [];
    for (const kind of ["campaign", "flow"] as const) {
      const type = `${kind}-values-report` as const;
      const body = {
        data: {
          type,
          attributes: { statistics: VALUES_STATISTICS, timeframe: { start: iso(span.from), end: iso(span.to) }, conversion_metric_id: conversion },
        },
      };
      let pageCursor: string | undefined;
      for (;;) {
        const report = await client.post<ValuesReport>(`${type}s`, body, pageCursor ? { page_cursor: pageCursor } : undefined);
        out.push(...valuesToTotals(report.data.attributes.results, kind, span, index));
        const next = report.links?.next;
        pageCursor = next ? (new URL(next).searchParams.get("page_cursor") ?? undefined) : undefined;
        if (!pageCursor) break;
      }
    }
    return out;
  }

  return { catalog, events, totals };
}
