import { DEFAULT_DAYS, MAX_DAYS, OWNED_GROUPINGS } from "@/lib/owned/report/query";
import { CONVERTERS_SHOWN } from "@/lib/owned/report/report";
import { OWNED_CHANNELS } from "@/lib/owned/types";
import type { QueryParameter } from "./report-parameters";

// The owned-channel report and its converting customers: query parameters (checked by
// lib/owned/report/query.ts). Plain constants, checked against Operation where operations.ts lists them.

const WS = "/api/v1/workspaces/{slug}";

const query = (name: string, description: string, schema: QueryParameter["schema"], example?: string): QueryParameter => ({
  name, in: "query", required: false, description, schema, ...(example ? { example } : {}),
});

const OWNED_REPORT_QUERY: QueryParameter[] = [
  query("date_from", `The first local send day (default: ${DEFAULT_DAYS} days ending date_to; at most ${MAX_DAYS} days).`, { type: "string", format: "date" }, "2026-11-06"),
  query("date_to", "The last local send day (default: today in the workspace's time zone).", { type: "string", format: "date" }, "2026-12-05"),
  query("channel", "Only this channel's sends.", { type: "string", enum: [...OWNED_CHANNELS] }),
  query("campaign", "Only this campaign's or flow's sends (its id).", { type: "string" }),
  query("template", "Only this message's sends (its id).", { type: "string" }),
  query("folder", "Only campaigns and flows in this folder (its id).", { type: "string" }),
  query("group_by", "One row per campaign or flow, or per message of each (default: template when campaign is given).", { type: "string", enum: [...OWNED_GROUPINGS] }),
];

const RULES =
  "Every figure belongs to the sends of the range, by their local send day; test sends are left out. Unique opens are sends with a pixel open no " +
  "privacy proxy or scanner fetched, or with a human click; a click is human when its visitor viewed a page or sent an event from 2:00 before " +
  "to 5:00 after it. Machine opens and clicks are counted apart. An order is attributed to its customer's most recent human click, else most " +
  "recent open, in the 24 hours before it, and to a session that started from a tracked link. A conversion is a member's when its visitor " +
  "resolves to a known customer when the report is read, anonymous otherwise. Ratios with a zero denominator are null.";

export const OWNED_REPORT_OPERATIONS = [
  {
    method: "get", path: `${WS}/reports/owned`, tag: "Reports", operationId: "getOwnedChannelReport", role: "viewer",
    summary: "Owned-channel performance report",
    description:
      `Sends, delivery, blocked sends by reason, opens, human clicks, unsubscribes and open-, click- and session-conversions per campaign or flow (or per message) of the workspace's email, SMS, push and chat sends. ${RULES} ` +
      "`platform_totals` lists, per message, a connected platform's own aggregate figures (Klaviyo's campaign and flow values reports) for messages with no per-recipient " +
      "send stored in the range or in the period those figures cover: counted by the platform's rules, in its account's currency, never recounted and never added to `rows` or `totals`. " +
      "`popups` has the on-site messages per template (no campaign, all channels or `web_popup`): impressions, clicks, conversions within 24 hours of a show or, for the " +
      "holdout, of qualifying, and the lift against the holdout with its 95 % interval. " +
      "An unknown parameter or value is a 400 naming it.",
    query: OWNED_REPORT_QUERY,
    success: { status: 200, description: "One row per campaign or flow (or message), with totals.", schema: "OwnedReport" },
  },
  {
    method: "get", path: `${WS}/reports/owned/converters`, tag: "Reports", operationId: "listOwnedConverters", role: "viewer",
    summary: "Orders a campaign or flow led to",
    description: `The newest ${CONVERTERS_SHOWN} attributed orders of one campaign's or flow's sends in the range (\`campaign\` is required), each open, click or session, member or anonymous. ${RULES}`,
    query: OWNED_REPORT_QUERY,
    success: { status: 200, description: "The converting orders, newest first.", schema: "OwnedConverterList" },
  },
  {
    method: "get", path: `${WS}/reports/owned/costs`, tag: "Reports", operationId: "getOwnedCostOverview", role: "viewer",
    summary: "Owned-channel costs and ROAS",
    description:
      "Per channel and per campaign or flow, for the sends of the range (by local send day): real sends and what they cost under the workspace's fees, test sends and their " +
      "cost apart (never in ROAS), the orders attributed to the sends (each order once: its click conversion, else its session, else its open) with their net sales, and " +
      "ROAS = revenue / cost (null when nothing was spent). Costs are exact to 4 decimals. An unknown parameter or value is a 400 naming it.",
    query: OWNED_REPORT_QUERY,
    success: { status: 200, description: "Rows per channel and per campaign or flow, with totals.", schema: "OwnedCostOverview" },
  },
] as const;
