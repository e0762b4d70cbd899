import { z } from "zod";
import { ZHistoryNoteSchema } from "@/lib/billing/history";
import { EXCEPTION_REASONS } from "./reasons";

// What the exception orders API answers, as zod so the OpenAPI document describes exactly that.

export const ZExceptionOrderSchema = z.object({
  connection_id: z.string(),
  store: z.string().describe("The connection's name."),
  order_id: z.string().describe("The store's order id."),
  name: z.string().describe("The order's name in the store, e.g. #1001."),
  ordered_at: z.string().describe("ISO 8601, UTC: processed, else created."),
  day: z.string().describe("The order's local day in the workspace, YYYY-MM-DD."),
  channel: z.string(),
  currency: z.string(),
  total: z.string().describe("The order's total, a decimal string in `currency`."),
  financial_status: z.string().nullable().describe("Lower-case, as the store reports it."),
  reasons: z.array(z.enum(EXCEPTION_REASONS)),
  admin_url: z.string().nullable().describe("The order in the store's admin; null for stores without one (imports)."),
});
export type TExceptionOrder = z.infer<typeof ZExceptionOrderSchema>;

export const ZExceptionOrderListSchema = z.object({
  date_from: z.string(),
  date_to: z.string(),
  orders: z.array(ZExceptionOrderSchema),
  total: z.number().int().describe("Exception orders matching the filters."),
  limit: z.number().int(),
  offset: z.number().int(),
  history_note: ZHistoryNoteSchema,
});
export type TExceptionOrderList = z.infer<typeof ZExceptionOrderListSchema>;
