import { CSV_MAX_ROWS } from "@/lib/exceptions/list";
import { DEFAULT_DAYS, DEFAULT_LIMIT, EXCEPTION_FORMATS, MAX_LIMIT, MAX_OFFSET } from "@/lib/exceptions/query";
import { EXCEPTION_REASONS, REASON_DESCRIPTIONS } from "@/lib/exceptions/reasons";
import type { TExceptionOrderList } from "@/lib/exceptions/schema";
import type { QueryParameter } from "./report-parameters";

// The exception orders list: its query parameters (checked by lib/exceptions/query.ts) and an example.
// Plain constants, checked against Operation where operations.ts lists them.

const WS = "/api/v1/workspaces/{slug}";

const query = (name: string, description: string, schema: QueryParameter["schema"], example?: string): QueryParameter => ({
  name, in: "query", required: false, description, schema, ...(example ? { example } : {}),
});

const EXCEPTION_LIST_QUERY: QueryParameter[] = [
  query("reason", "Only orders with any of these reasons, comma-separated.", { type: "string" }, "cancelled,high_risk"),
  query("status", "Only orders with any of these financial statuses (lower-case, as the store reports them), comma-separated.", { type: "string" }, "pending,authorized"),
  query("date_from", `The first local day of the range (default: ${DEFAULT_DAYS} days ending date_to).`, { type: "string", format: "date" }, "2026-11-06"),
  query("date_to", "The last local day of the range (default: today in the workspace's time zone).", { type: "string", format: "date" }, "2026-12-05"),
  query("limit", `Orders per page (1 to ${MAX_LIMIT}).`, { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
  query("offset", `Orders to skip (at most ${MAX_OFFSET}).`, { type: "integer", minimum: 0, maximum: MAX_OFFSET, default: 0 }),
  query("format", `\`json\` (a page) or \`csv\`: every matching order (at most ${CSV_MAX_ROWS}; \`Signalboard-Total-Rows\` and \`Signalboard-Exported-Rows\` tell them apart).`, { type: "string", enum: [...EXCEPTION_FORMATS], default: "json" }),
];

const EXAMPLE: TExceptionOrderList = {
  date_from: "2026-11-06",
  date_to: "2026-12-05",
  orders: [
    {
      connection_id: "cm3k2x9h40000abcd", store: "example.myshopify.com", order_id: "5001234567890", name: "#1042",
      ordered_at: "2026-12-04T15:12:09.000Z", day: "2026-12-04", channel: "google", currency: "USD", total: "129.90",
      financial_status: "voided", reasons: ["cancelled", "payment_failed"],
      admin_url: "https://admin.shopify.com/store/example/orders/5001234567890",
    },
  ],
  total: 1,
  limit: 50,
  offset: 0,
  history_note: null,
};

export const EXCEPTION_OPERATIONS = [
  {
    method: "get", path: `${WS}/exception-orders`, tag: "Reports", operationId: "listExceptionOrders", role: "viewer",
    summary: "List exception orders",
    description:
      "Orders that need a look, newest first, each with its reasons: " +
      EXCEPTION_REASONS.map((r) => `\`${r}\` (${REASON_DESCRIPTIONS[r].replace(/\.$/, "")})`).join("; ") +
      ". Test orders never appear. Orders are judged when they are written; the 24-hour payment rule is applied when the order's 24 hours are up. " +
      "An unknown parameter or value is a 400 naming it.",
    query: EXCEPTION_LIST_QUERY,
    success: {
      status: 200, description: "A page of exception orders and how many match.", schema: "ExceptionOrderList", example: EXAMPLE,
      csv: "A header row (day, ordered_at, store, order, order_id, channel, currency, total, financial_status, reasons, admin_url), then one line per order; reasons are their labels, separated by \"; \".",
    },
  },
] as const;
