import { BASES, DEFAULT_RANGE_DAYS, GROUP_BY, MAX_RANGE_DAYS, REPORT_FORMATS } from "@/lib/attribution/report";
import { ATTRIBUTION_MODELS, LOOKBACK_WINDOWS } from "@/lib/attribution/models";
import type { QueryParameter } from "./report-parameters";

// The attribution report. Valid values come from the lists that validate them.

const WS = "/api/v1/workspaces/{slug}";

const query = (name: string, description: string, schema: QueryParameter["schema"], example?: string): QueryParameter => ({
  name, in: "query", required: false, description, schema, ...(example ? { example } : {}),
});

export const ATTRIBUTION_PARAMETERS: QueryParameter[] = [
  query("model", "The attribution model. Default: the workspace's default model.", { type: "string", enum: [...ATTRIBUTION_MODELS] }, "linear"),
  query("window", "The lookback window in days before the order. Default: the workspace's default window.", { type: "integer", enum: [...LOOKBACK_WINDOWS] }, "28"),
  query("group_by", "Rows per channel, ad platform or campaign.", { type: "string", enum: [...GROUP_BY], default: "channel" }),
  query("basis", "`cash` dates credit on the order's local day, `accrual` on the touchpoint's.", { type: "string", enum: [...BASES], default: "cash" }),
  query("paid_only", "`true` credits only paid touches (an order without one is left out).", { type: "boolean", default: false }),
  query("date_from", `First local day (YYYY-MM-DD). Default: ${DEFAULT_RANGE_DAYS} days ending date_to; at most ${MAX_RANGE_DAYS} days.`, { type: "string", format: "date" }, "2026-11-01"),
  query("date_to", "Last local day (default today in the workspace time zone).", { type: "string", format: "date" }, "2026-11-30"),
  query("tag", "Only orders of customers who have this tag now (a tag's id): the customer's key after identity merges must be a current member. " +
    "Rows are summed from those orders' stored credits; ad spend, ROAS, CAC and the platforms' figures are left out (spend is not per customer). " +
    "Needs `conversion_type=order`. An unknown tag, or another workspace's, is a 400 naming `tag`.", { type: "string" }),
  query("format", "`json` (the default) or `csv`: one line per row.", { type: "string", enum: [...REPORT_FORMATS], default: "json" }),
];

export const ATTRIBUTION_OPERATIONS = [
  {
    method: "get", path: `${WS}/reports/attribution`, tag: "Reports", operationId: "getAttributionReport", role: "viewer",
    summary: "Get an attribution report",
    description: "Orders, new-customer orders and net sales credited per channel, platform or campaign under one model, lookback window and basis, " +
      "from stored daily credits, with the range's match rate (share of orders and of revenue matched to a visitor, and its band). " +
      "Beside each row: its ad spend, ROAS and CAC, and what the ad platforms report for themselves (conversions, ROAS) with the difference. " +
      "A workspace with nothing to attribute says why in `empty` (`no_tracking`, `no_matched_orders`) rather than with a bare empty list. " +
      "An unknown model, window, group_by, basis, format or tag, or a bad date, is a 400 naming the parameter.",
    query: ATTRIBUTION_PARAMETERS,
    success: { status: 200, description: "The report.", schema: "AttributionReport", csv: "A header row (the group_by name, attributed_orders, new_customer_orders, revenue, then ad_spend, roas, cac, platform_conversions, platform_roas, conversions_difference, roas_difference, label), one line per row." },
  },
] as const;
