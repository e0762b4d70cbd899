import { z } from "zod";
import { INT4 } from "@/lib/db/column-ranges";
import { parseDecimal, type Dec } from "@/lib/metrics/definitions/decimal";
import { OWNED_CAMPAIGN_KINDS, OWNED_CHANNELS } from "@/lib/owned/types";
import { normalisePlatform } from "./platform";
import {
  amount, calendarDay, currency, dateTime, discountCodes, optionalAmount, optionalCountry, optionalDateTime, optionalEmail, optionalText, optionalWhole, optionalWholeNumber,
  parseOffsetDateTime, requiredText, wholeNumber,
} from "./fields";

// What an import may contain, shared by the CSV and JSON paths (a CSV file is turned into these
// rows before validation, so both formats are judged by the same rules) and by the OpenAPI document.

export const IMPORT_KINDS = ["orders", "ad_spend", "owned_sends"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Errors kept with an import and returned by the API; the total is always reported. */
export const MAX_REPORTED_ERRORS = 500;

export const ZOrderLineImportSchema = z.strictObject({
  title: requiredText(255),
  sku: optionalText(255),
  quantity: wholeNumber(1, INT4.max),
  unit_price: amount.describe("Price of one unit before discounts, in the order's currency."),
  discount: optionalAmount.describe("Discounts on the whole line (not per unit). Default 0."),
});

export const ZOrderRefundLineImportSchema = z.strictObject({
  sku: optionalText(255).describe("The refunded line's SKU; matches the order's line with that SKU."),
  title: optionalText(255).describe("Without a SKU: the refunded line's title (ignoring case)."),
  quantity: optionalWhole(0, INT4.max).describe("Units returned. Default 0 when an amount is given."),
  amount: optionalAmount.describe(
    "Goods value refunded for this line, at its sold price after discounts, before tax. Default: the line's paid value × quantity / quantity sold.",
  ),
  tax: optionalAmount.describe("Tax refunded on this line. Default 0."),
});

export const ZOrderRefundImportSchema = z.strictObject({
  refund_id: requiredText(255).describe("Your refund's id, unique within its order."),
  refunded_at: dateTime.describe("When the refund was made, ISO 8601 with its UTC offset; returns are dated by it."),
  shipping: optionalAmount.describe("Shipping refunded. Default 0."),
  tax: optionalAmount.describe("Tax refunded beyond the refund's lines (on shipping, say). Default 0."),
  line_items: z.array(ZOrderRefundLineImportSchema, { error: "Must be a list of refunded lines." }).max(1000).default([]),
});
export type TOrderRefundImport = z.output<typeof ZOrderRefundImportSchema>;

/** The exact value of a validated amount (absent is 0), or null for one that failed validation. */
function exact(text: string | undefined): Dec | null {
  try {
    return parseDecimal(text ?? "0");
  } catch {
    return null;
  }
}

export const ZOrderImportRowSchema = z
  .strictObject({
    order_id: requiredText(255).describe("Your order number or id; kept as the order's name."),
    created_at: dateTime.describe("When the order was placed, ISO 8601 with its UTC offset, e.g. 2026-03-01T23:30:00-05:00."),
    currency: currency.describe("ISO 4217 code of every amount of the order."),
    customer_id: optionalText(255),
    customer_email: optionalEmail.describe("Stored encrypted; identifies the customer when customer_id is empty."),
    customer_phone: optionalText(40).describe(
      "The customer's phone; without a country code it is read in the order's country, else the workspace's. Stored as a keyed hash of its E.164 form, and encrypted.",
    ),
    shipping: optionalAmount.describe("Shipping charged. Default 0."),
    taxes: optionalAmount.describe("Taxes charged. Default 0."),
    order_discount: optionalAmount.describe(
      "Discounts on the whole order, allocated to its lines in proportion to their value after line discounts, as Shopify allocates them. Default 0.",
    ),
    refunded_amount: optionalAmount.describe("Value of the goods refunded (before tax), spread over the lines in proportion to their value."),
    refunded_at: optionalDateTime.describe("When the refund was made; required with refunded_amount."),
    utm_source: optionalText(255).describe("The order's channel in reports; empty means direct."),
    channel: optionalText(100).describe("The channel of a sale made outside the store (offline, phone, retail, crm, …); instead of utm_source."),
    utm_medium: optionalText(255),
    utm_campaign: optionalText(255),
    discount_codes: discountCodes.describe('Codes used at checkout: a list (JSON), or one text with the codes separated by commas (CSV). At most 50, each up to 255 characters.'),
    country: optionalCountry.describe("ISO 3166-1 alpha-2 code of the country the order shipped to (US, GB, DE, …); case-insensitive."),
    line_items: z.array(ZOrderLineImportSchema, { error: "Must be a list of line items." }).min(1, "An order needs at least one line item.").max(1000),
    refunds: z.array(ZOrderRefundImportSchema, { error: "Must be a list of refunds." }).max(100).default([]).describe(
      "Refunds, each with its own date, refunded lines, shipping and tax; instead of refunded_amount.",
    ),
  })
  .superRefine((order, ctx) => {
    // Zod runs this even when a field failed; amounts are only compared once all of them parse.
    const lines = order.line_items.map((line) => ({ value: exact(line.unit_price), discount: exact(line.discount), quantity: line.quantity }));
    const refunded = exact(order.refunded_amount);
    const orderDiscount = exact(order.order_discount);
    if (refunded === null || orderDiscount === null || lines.some((l) => l.value === null || l.discount === null || !Number.isSafeInteger(l.quantity))) return;
    let goods = 0n;
    lines.forEach((line, i) => {
      const value = line.value! * BigInt(line.quantity);
      if (line.discount! > value) {
        ctx.addIssue({ code: "custom", path: ["line_items", i, "discount"], message: "The discount is larger than the line's value (quantity × unit price)." });
      }
      goods += value - line.discount!;
    });
    if (refunded > 0n && !order.refunded_at) {
      ctx.addIssue({ code: "custom", path: ["refunded_at"], message: "Required when refunded_amount is more than 0." });
    }
    if (order.refunded_at && refunded === 0n) {
      ctx.addIssue({ code: "custom", path: ["refunded_amount"], message: "Required (more than 0) when refunded_at is given." });
    }
    if (orderDiscount > 0n && orderDiscount > goods) {
      ctx.addIssue({ code: "custom", path: ["order_discount"], message: "Larger than the value of the order's lines after their own discounts." });
    }
    goods -= orderDiscount;
    if (refunded > 0n && Array.isArray(order.refunds) && order.refunds.length > 0) {
      ctx.addIssue({ code: "custom", path: ["refunded_amount"], message: "Give either refunded_amount or refunds (refund rows), not both." });
    }
    if (order.channel && order.utm_source) {
      ctx.addIssue({ code: "custom", path: ["channel"], message: "Give either channel or utm_source, not both: both name the order's channel." });
    }
    if (refunded > 0n && refunded > goods) {
      ctx.addIssue({ code: "custom", path: ["refunded_amount"], message: "Larger than the value of the order's lines after discounts." });
    }
    const placed = parseOffsetDateTime(order.created_at);
    const refundedAt = order.refunded_at ? parseOffsetDateTime(order.refunded_at) : null;
    if (placed && refundedAt && refundedAt < placed) {
      ctx.addIssue({ code: "custom", path: ["refunded_at"], message: "The refund is dated before the order was placed." });
    }
  });
export type TOrderImportRow = z.output<typeof ZOrderImportRowSchema>;

export const ZAdSpendImportRowSchema = z.strictObject({
  date: calendarDay.describe("The day in the ad account's own time zone, YYYY-MM-DD."),
  platform: requiredText(100)
    .transform(normalisePlatform)
    .refine((v) => v !== "", "Must contain letters or digits.")
    .describe('e.g. "Google Ads", "Meta", "TikTok", "pinterest"; stored lower-case with underscores.'),
  campaign: requiredText(255).describe("Campaign name; matched ignoring case and spacing."),
  spend: amount,
  currency,
  impressions: optionalWholeNumber,
  clicks: optionalWholeNumber,
  conversions: optionalAmount.describe("May be fractional (data-driven attribution)."),
  conversion_value: optionalAmount.describe("Revenue the platform attributes to the ads."),
});
export type TAdSpendImportRow = z.output<typeof ZAdSpendImportRowSchema>;

/** A word from a fixed list, read ignoring case ("Email" is email). */
const oneOf = <T extends string>(values: readonly T[]) =>
  requiredText(40)
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(values as unknown as [T, ...T[]], { error: () => `Must be one of: ${values.join(", ")}.` }));

const optionalOneOf = <T extends string>(values: readonly T[]) => z.preprocess((v) => (v === "" || v === null ? undefined : v), oneOf(values).optional());

/** true/false as a spreadsheet writes it (TRUE, yes, 1), or a JSON boolean; absent is false. */
const flag = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? false : typeof v === "string" ? ({ true: true, yes: true, "1": true, false: false, no: false, "0": false } as Record<string, boolean>)[v.trim().toLowerCase()] ?? v : v),
  z.boolean({ error: "Must be true or false." }),
);

export const ZOwnedSendImportRowSchema = z
  .strictObject({
    send_id: requiredText(200).describe("Your id for the send: importing the same id again updates it."),
    campaign: requiredText(200).describe("Your id for the campaign or flow; made on first use."),
    campaign_name: optionalText(300).describe("The campaign's name in reports. Default: its id."),
    campaign_kind: optionalOneOf(OWNED_CAMPAIGN_KINDS).describe("campaign (one broadcast) or flow (an automation). Default campaign."),
    channel: oneOf(OWNED_CHANNELS).describe("The campaign's channel; a campaign stays on one channel."),
    template: requiredText(200).describe("Your id for the message within the campaign (a flow's step, a campaign's variant)."),
    template_name: optionalText(300).describe("The message's name in reports. Default: its id."),
    subject: optionalText(500).describe("An email's subject line."),
    sent_at: dateTime.describe("When it was sent, ISO 8601 with its UTC offset; the report's dates are its local day."),
    status: optionalOneOf(["sent", "delivered", "failed"] as const).describe("sent (no delivery report yet), delivered or failed. Default sent."),
    delivered_at: optionalDateTime.describe("When it was delivered. Default: sent_at, for a delivered send."),
    provider_code: optionalText(100).describe("The provider's code for the outcome (a failure's reason)."),
    customer_id: optionalText(200).describe("The store's customer id, when known."),
    email: optionalEmail.describe("The recipient's email; kept only as a keyed hash."),
    phone: optionalText(40).describe("The recipient's phone; without a country code it is read in the workspace's country. Kept only as a keyed hash of its E.164 form."),
    is_test: flag.describe("A test send: counted and costed apart, never in the report. true or false; default false."),
    segments: optionalWhole(1, 100).describe("An SMS's billed segments."),
    points: optionalWhole(0, 1_000_000).describe("Points billed, where the provider bills in points."),
  })
  .superRefine((send, ctx) => {
    if (!send.customer_id && !send.email && !send.phone) {
      ctx.addIssue({ code: "custom", path: ["customer_id"], message: "Give the recipient: a customer_id, an email or a phone." });
    }
    if (send.delivered_at && send.status !== "delivered") {
      ctx.addIssue({ code: "custom", path: ["delivered_at"], message: "Only a delivered send has a delivery time; set status to delivered or leave it empty." });
    }
    const sent = parseOffsetDateTime(send.sent_at);
    const delivered = send.delivered_at ? parseOffsetDateTime(send.delivered_at) : null;
    if (sent && delivered && delivered < sent) {
      ctx.addIssue({ code: "custom", path: ["delivered_at"], message: "The send is delivered before it was sent." });
    }
  });
export type TOwnedSendImportRow = z.output<typeof ZOwnedSendImportRowSchema>;

/** The JSON envelope; each row is then validated on its own, so one bad row does not hide the rest. */
export const ZImportBodySchema = z.object({ rows: z.array(z.unknown(), { error: 'Send a JSON object { "rows": [...] }.' }).max(100_000) });

export const ZImportErrorSchema = z.object({
  row: z.number().int().describe("CSV: the line number in the file (the header is line 1). JSON: the 1-based index in rows."),
  field: z.string().describe("The column (CSV) or field path (JSON, e.g. line_items[0].quantity) at fault."),
  message: z.string(),
});
export type TImportError = z.infer<typeof ZImportErrorSchema>;

export const ZImportResultSchema = z.object({
  import_id: z.string().nullable().describe("The recorded upload; null for a dry run."),
  kind: z.enum(IMPORT_KINDS),
  dry_run: z.boolean(),
  rows_total: z.number().int().describe("Data rows read (CSV lines, or JSON rows)."),
  rows_valid: z.number().int().describe("Rows that passed validation."),
  rows_applied: z.number().int().describe("Rows written (0 for a dry run, and when an all-or-nothing upload has errors)."),
  errors_total: z.number().int(),
  errors: z.array(ZImportErrorSchema).describe(`The first ${MAX_REPORTED_ERRORS} errors, by row.`),
});
export type TImportResult = z.infer<typeof ZImportResultSchema>;
