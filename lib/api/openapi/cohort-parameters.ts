import { DRIVER_DIMENSIONS, LTV_WINDOWS, MAX_DRIVER_GROUPS, type TLtvDrivers } from "@/lib/cohorts/drivers";
import { MAX_SEGMENT_ROWS } from "@/lib/cohorts/cells";
import { COHORT_GRAINS } from "@/lib/cohorts/periods";
import { MAX_COHORTS } from "@/lib/cohorts/report";
import { COHORT_FORMATS, COHORT_METRICS, COHORT_SEGMENTS, DEFAULT_COHORTS } from "@/lib/cohorts/request";
import type { TCohortReport } from "@/lib/cohorts/types";
import type { QueryParameter } from "./report-parameters";

// The cohort and LTV driver reports' query parameters and example answers. Valid values come from
// the lists that validate them, so the document cannot drift from the API.

const query = (name: string, description: string, schema: QueryParameter["schema"], example?: string): QueryParameter => ({
  name, in: "query", required: false, description, schema, ...(example ? { example } : {}),
});

export const COHORT_PARAMETERS: QueryParameter[] = [
  query("period", "The cohort period: customers are grouped by the week (from Monday), month or quarter of their first order, in the workspace time zone.", { type: "string", enum: [...COHORT_GRAINS], default: "month" }, "month"),
  query("metric", "The metric each cell's `value` (and the CSV) holds; every cell also carries all of them in `values`.", { type: "string", enum: [...COHORT_METRICS], default: "retention" }, "ltv"),
  query("date_from", `First orders from the period holding this day (YYYY-MM-DD). Default: the ${DEFAULT_COHORTS.month} months (${DEFAULT_COHORTS.week} weeks, ${DEFAULT_COHORTS.quarter} quarters) up to date_to. At most ${MAX_COHORTS} cohorts.`, { type: "string", format: "date" }, "2025-01-01"),
  query("date_to", "First orders through this day (YYYY-MM-DD); a later day than today is cut at today.", { type: "string", format: "date" }, "2026-10-31"),
  query("segment", "Keep only customers with `segment_value` in this segment of their first order (channel, product group, product, discount yes/no, discount code, country, tag).", { type: "string", enum: [...COHORT_SEGMENTS] }),
  query("segment_value", 'The value to keep: a channel (`google`), a product group key, a product id (or `title:<title>`), `yes`/`no` for discount, a code, a country code (`unknown` when none), a tag.', { type: "string", maxLength: 300 }),
  query("cohort_by", `One row per value of this segment (the ${MAX_SEGMENT_ROWS} largest) instead of per period; with segment, it must be the same segment.`, { type: "string", enum: [...COHORT_SEGMENTS] }),
  query("tag", "Only customers who have this tag of ours now (a tag's id, as `GET /audiences` lists them): the audience's cohorts, summed from its members at request time. Combines with segment and cohort_by; CAC is n/a. A tag the workspace does not have is a 400 naming `tag`. (`segment=tag` instead filters by the store's own customer tags.)", { type: "string", maxLength: 64 }),
  query("format", "`json` (the default) or `csv`: one line per cohort with its CAC, LTV:CAC and payback, then the metric at each offset.", { type: "string", enum: [...COHORT_FORMATS], default: "json" }),
];

export const LTV_DRIVER_PARAMETERS: QueryParameter[] = [
  query("window", "Days after the first order (the first order's day is day 0) whose net sales count.", { type: "string", enum: [...LTV_WINDOWS], default: "365" }, "365"),
  query("by", `Comma-separated dimensions of the first order to rank (default all). At most ${MAX_DRIVER_GROUPS} groups each, the largest.`, { type: "array", items: { type: "string", enum: [...DRIVER_DIMENSIONS] } }, "product_group,channel"),
];

const cellValues = (customers: number, active: number, ltv: string, retention: string) => ({
  customers, active_customers: active, retention, orders: active, orders_per_customer: "1.0000", repeat_rate: "0.0000",
  ltv, gross_profit_per_customer: "21.40", net_sales: "4280.00", aov: "42.80",
});

const SEPTEMBER: TCohortReport["rows"][number] = {
  key: "2026-09-01", label: "Sep 2026", customers: 100, ad_spend: "3000.00", cac: "30.00", ltv_cac: { "3": null, "6": null, "12": null }, payback_offset: 1, predicted_ltv_12m: "96.40",
  cells: [
    { offset: 0, period_start: "2026-09-01", complete: true, value: "1.0000", values: cellValues(100, 100, "42.80", "1.0000") },
    { offset: 1, period_start: "2026-10-01", complete: false, value: "0.1800", values: cellValues(100, 18, "51.20", "0.1800") },
  ],
};

export const COHORT_EXAMPLE: TCohortReport = {
  period: "month", metric: "retention", date_from: "2026-09-01", date_to: "2026-10-31", segment: null, segment_value: null, cohort_by: null, tag: null,
  currency: "USD", today: "2026-10-31",
  metrics: [{ id: "retention", label: "Retention", format: "percent", description: "Active customers / cohort size." }],
  rows: [SEPTEMBER],
  total: { ...SEPTEMBER, key: "total", label: "All cohorts", cells: SEPTEMBER.cells.map((cell) => ({ ...cell, period_start: null })) },
  model: { status: "fitted", reason: null, fitted_at: "2026-10-31T03:00:00.000Z" },
  max_offset: 1, cac_applies: true, warnings: [], history_note: null,
};

export const LTV_DRIVERS_EXAMPLE: TLtvDrivers = {
  window: "365", currency: "USD", first_orders_through: "2025-10-31", overall: { customers: 4210, mean: "96.40" }, min_customers_for_interval: 30,
  dimensions: [{
    dimension: "product_group",
    groups: [
      { value: "alpha-pro", label: "Alpha Pro", customers: 812, mean: "131.75", ci_low: "122.10", ci_high: "141.40", distinguishable: true },
      { value: "accessories", label: "Accessories", customers: 604, mean: "99.02", ci_low: "90.85", ci_high: "107.19", distinguishable: false },
      { value: "gift-card", label: "Gift cards", customers: 12, mean: "71.00", ci_low: null, ci_high: null, distinguishable: null },
    ],
  }],
  history_note: null,
};
