import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { PERIODS } from "./periods";

// The query strings of the order list, the video leaderboard and the account totals, and the
// answers' rows, shared by the pages, the REST routes and the OpenAPI document. Money is integer
// fen as a string (with its currency, CNY); ratios are decimal strings or null for n/a.

export const ORDER_SORTS = ["cost", "plays", "likes", "conversions", "created", "budget"] as const;
export const VIDEO_SORTS = ["cost", "plays", "orders", "conversions", "plays_per_100_yuan", "like_rate"] as const;

const day = (name: string) => z.iso.date(`${name} must be a date written YYYY-MM-DD.`);
const id = (name: string) => z.string().trim().min(1, `${name} is empty.`).max(64, `${name} is longer than 64 characters.`).regex(/^[A-Za-z0-9_-]+$/, `${name} may hold letters, digits, _ and - only.`);
const page = z.coerce.number({ error: "page must be a whole number from 1." }).int("page must be a whole number from 1.").min(1, "page must be a whole number from 1.").max(100_000, "page is beyond the last page.").default(1);
const pageSize = z.coerce.number({ error: "page_size must be a whole number from 1 to 200." }).int("page_size must be a whole number from 1 to 200.").min(1, "page_size must be a whole number from 1 to 200.").max(200, "page_size must be a whole number from 1 to 200.").default(50);
const direction = z.enum(["asc", "desc"], { error: "direction: use asc or desc." }).default("desc");

export const ZDouplusOrderQuerySchema = z
  .object({
    account: id("account").optional(),
    status: z.string().trim().toUpperCase().regex(/^[A-Z_]{1,32}$/, "status must be a DOU+ status such as DELIVERING.").optional(),
    video: id("video").optional(),
    date_from: day("date_from").optional(),
    date_to: day("date_to").optional(),
    sort: z.enum(ORDER_SORTS, { error: `sort: use one of ${ORDER_SORTS.join(", ")}.` }).default("cost"),
    direction,
    page,
    page_size: pageSize,
  })
  .refine((q) => !q.date_from || !q.date_to || q.date_from <= q.date_to, { path: ["date_to"], error: "date_to is before date_from." });
export type TDouplusOrderQuery = z.output<typeof ZDouplusOrderQuerySchema>;

export const ZDouplusVideoQuerySchema = z.object({
  account: id("account").optional(),
  period: z.enum(PERIODS, { error: `period: use one of ${PERIODS.join(", ")}.` }).default("7d"),
  sort: z.enum(VIDEO_SORTS, { error: `sort: use one of ${VIDEO_SORTS.join(", ")}.` }).default("cost"),
  direction,
  page,
  page_size: pageSize,
});
export type TDouplusVideoQuery = z.output<typeof ZDouplusVideoQuerySchema>;

export const ZDouplusAccountQuerySchema = z.object({
  period: z.enum(PERIODS, { error: `period: use one of ${PERIODS.join(", ")}.` }).default("7d"),
});
export type TDouplusAccountQuery = z.output<typeof ZDouplusAccountQuerySchema>;

/** A query string's parameters; an unknown one is refused by name rather than ignored. */
export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams, allowed: readonly string[]): z.output<S> {
  const raw: Record<string, unknown> = {};
  for (const [name, value] of params) {
    if (!allowed.includes(name)) throw AppError.field(name, `Unknown query parameter "${name}". Use: ${allowed.join(", ")}.`);
    if (value !== "") raw[name] = value;
  }
  return parseInput(schema, raw);
}

export const ORDER_PARAMETERS = ["account", "status", "video", "date_from", "date_to", "sort", "direction", "page", "page_size", "format"] as const;
export const VIDEO_PARAMETERS = ["account", "period", "sort", "direction", "page", "page_size", "format"] as const;
export const ACCOUNT_PARAMETERS = ["period"] as const;

const fen = z.string().describe("Integer fen (CNY minor units), as a string.");
const ratio = z.string().nullable().describe("A decimal string; null when its denominator is zero.");

export const ZDouplusOrderRowSchema = z.object({
  account: z.string(),
  order_id: z.string(),
  video_id: z.string(),
  title: z.string(),
  status: z.string(),
  created_at: z.string(),
  budget_fen: fen,
  cost_fen: fen,
  plays: z.number().int(),
  likes: z.number().int(),
  shares: z.number().int(),
  comments: z.number().int(),
  follows: z.number().int(),
  conversions: z.number().int(),
  cost_per_conversion_fen: ratio,
  completion_5s: ratio,
  last_bucket_at: z.string().nullable(),
});
export type TDouplusOrderRow = z.infer<typeof ZDouplusOrderRowSchema>;

export const ZDouplusOrderListSchema = z.object({
  currency: z.literal("CNY"),
  orders: z.array(ZDouplusOrderRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});
export type TDouplusOrderList = z.infer<typeof ZDouplusOrderListSchema>;

export const ZDouplusFiguresSchema = z.object({
  order_count: z.number().int(),
  cost_fen: fen,
  plays: z.number().int(),
  likes: z.number().int(),
  shares: z.number().int(),
  conversions: z.number().int(),
  plays_per_100_yuan: ratio,
  like_rate: ratio,
  share_rate: ratio,
  avg_cost_per_conversion_fen: ratio,
  avg_completion_5s: ratio,
});

export const ZDouplusVideoRowSchema = ZDouplusFiguresSchema.extend({ account: z.string(), video_id: z.string(), title: z.string() });
export type TDouplusVideoRow = z.infer<typeof ZDouplusVideoRowSchema>;

export const ZDouplusVideoListSchema = z.object({
  currency: z.literal("CNY"),
  period: z.enum(PERIODS),
  videos: z.array(ZDouplusVideoRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});

export const ZDouplusAccountRowSchema = ZDouplusFiguresSchema.extend({
  account: z.string(),
  name: z.string(),
  status: z.string(),
  stats_synced_at: z.string().nullable(),
  aggregated_at: z.string().nullable(),
  last_error: z.string().nullable(),
  coverage: z.object({
    delivering: z.number().int().describe("Orders the platform calls DELIVERING."),
    with_recent_bucket: z.number().int().describe("Of those, orders with a bucket in the last hour."),
  }),
  issues: z.number().int().describe("Rows the sync recorded instead of applying, and report rows for unknown orders."),
});
export type TDouplusAccountRow = z.infer<typeof ZDouplusAccountRowSchema>;

export const ZDouplusAccountListSchema = z.object({ currency: z.literal("CNY"), period: z.enum(PERIODS), accounts: z.array(ZDouplusAccountRowSchema) });
