import { ORDER_SORTS, VIDEO_SORTS } from "@/lib/douplus/schema";
import { PERIODS } from "@/lib/douplus/periods";
import type { QueryParameter } from "./report-parameters";

// DOU+ promotion orders, the video leaderboard and account totals (lib/douplus/schema.ts checks
// the parameters).

const WS = "/api/v1/workspaces/{slug}";

const query = (name: string, description: string, schema: QueryParameter["schema"], example?: string): QueryParameter => ({
  name, in: "query", required: false, description, schema, ...(example ? { example } : {}),
});

const ACCOUNT = query("account", "Only this Douyin account (its connection id).", { type: "string" });
const PAGE = [
  query("page", "The page, from 1.", { type: "integer", minimum: 1, default: 1 }),
  query("page_size", "Rows per page, 1 to 200.", { type: "integer", minimum: 1, maximum: 200, default: 50 }),
];
const DIRECTION = query("direction", "`desc` (the default) or `asc`.", { type: "string", enum: ["asc", "desc"], default: "desc" });
const FORMAT = query("format", "`json` or `csv` (every matching row, not one page).", { type: "string", enum: ["json", "csv"], default: "json" });
const PERIOD = query("period", "today, the last 7 or 30 local days (today included), or all time.", { type: "string", enum: [...PERIODS], default: "7d" });

const ORDER_QUERY: QueryParameter[] = [
  ACCOUNT,
  query("status", "Only orders in this DOU+ status (DELIVERING, DELIVERIED, ...).", { type: "string" }, "DELIVERING"),
  query("video", "Only orders promoting this video (aweme id).", { type: "string" }),
  query("date_from", "Orders created on or after this local day.", { type: "string", format: "date" }),
  query("date_to", "Orders created on or before this local day.", { type: "string", format: "date" }),
  query("sort", "The column to sort by.", { type: "string", enum: [...ORDER_SORTS], default: "cost" }),
  DIRECTION, ...PAGE, FORMAT,
];
const VIDEO_QUERY: QueryParameter[] = [ACCOUNT, PERIOD, query("sort", "The column to sort by (n/a last).", { type: "string", enum: [...VIDEO_SORTS], default: "cost" }), DIRECTION, ...PAGE, FORMAT];
const ACCOUNT_QUERY: QueryParameter[] = [PERIOD];

export const DOUPLUS_OPERATIONS = [
  {
    method: "get", path: `${WS}/douplus/orders`, tag: "Reports", operationId: "listDouplusOrders", role: "viewer",
    summary: "List DOU+ promotion orders with their own delivery totals",
    description:
      "Each order's own totals over its 5-minute buckets (cost in integer fen, CNY; plays, likes, shares, comments, follows, conversions; cost per " +
      "conversion and 5-second completion weighted by plays, null when n/a), never its video's: two orders promoting one video show their own numbers. " +
      "Filters by account, status, video and the local days the order was created. An unknown parameter or value is a 400 naming it.",
    query: ORDER_QUERY,
    success: { status: 200, description: "A page of orders.", schema: "DouplusOrderList", csv: "A header row, then one line per order." },
  },
  {
    method: "get", path: `${WS}/douplus/videos`, tag: "Reports", operationId: "listDouplusVideos", role: "viewer",
    summary: "The DOU+ video leaderboard",
    description:
      "Per video, over the period, from the aggregates written every 5 minutes: orders with delivery, cost (fen), plays, likes, shares, conversions, " +
      "plays per 100 yuan, like and share rates, average cost per conversion and average 5-second completion (weighted by plays). Ratios with a zero " +
      "denominator are null.",
    query: VIDEO_QUERY,
    success: { status: 200, description: "A page of videos.", schema: "DouplusVideoList", csv: "A header row, then one line per video." },
  },
  {
    method: "get", path: `${WS}/douplus/accounts`, tag: "Reports", operationId: "listDouplusAccounts", role: "viewer",
    summary: "DOU+ totals per Douyin account",
    description:
      "Each Douyin account's totals over the period, when its buckets were last synced and aggregated, its last sync error, its coverage (delivering " +
      "orders, and how many of them have a bucket in the last hour) and how many rows its syncs recorded instead of applying.",
    query: ACCOUNT_QUERY,
    success: { status: 200, description: "The accounts.", schema: "DouplusAccountList" },
  },
] as const;
