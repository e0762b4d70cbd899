import { z } from "zod";
import { ZPopupReportRowSchema } from "../popups/schema";

// What the owned-channel report API answers, as zod so the OpenAPI document describes exactly that.

const ZRate = z.number().nullable().describe("A fraction to 4 places; null when its denominator is zero.");

const ZConversionFiguresSchema = z.object({
  count: z.number().int(),
  rate: ZRate,
  revenue: z.string().describe("Net sales of the attributed orders, a decimal string in the report's currency."),
  member: z.number().int().describe("Conversions whose visitor resolves to a known customer now."),
  anonymous: z.number().int().describe("Conversions whose visitor has no known customer now, or only an anonymous (headless) one: a store customer with no email and no phone."),
});

const figures = {
  sends: z.number().int().describe("Sends in the range, test sends excluded."),
  delivered: z.number().int(),
  failed: z.number().int(),
  delivery_rate: ZRate,
  blocked: z.number().int().describe("Sends a rule stopped (never counted as sends)."),
  blocked_by_reason: z.record(z.string(), z.number().int()),
  opens: z.number().int().describe("Unique opens: sends with a pixel open no machine fetched, or a human click."),
  open_rate: ZRate,
  clicks: z.number().int().describe("Unique human clicks: sends with a click whose visitor did something from 2:00 before to 5:00 after it."),
  click_rate: ZRate,
  machine_opens: z.number().int().describe("Sends whose pixel a privacy proxy or scanner fetched (not opens)."),
  machine_clicks: z.number().int().describe("Sends whose links a scanner followed (not clicks)."),
  unsubscribes: z.number().int(),
  unsubscribe_rate: ZRate,
  complaints: z.number().int(),
  conversions: z.object({ open: ZConversionFiguresSchema, click: ZConversionFiguresSchema, session: ZConversionFiguresSchema }),
};

export const ZOwnedReportRowSchema = z.object({
  channel: z.string(),
  campaign_id: z.string(),
  campaign: z.string(),
  kind: z.string().describe("campaign or flow."),
  template_id: z.string().nullable().describe("Set when grouped by template."),
  template: z.string().nullable(),
  ...figures,
});

export const ZOwnedPlatformTotalsSchema = z
  .object({
    source: z.string().describe("The platform that reported them (klaviyo)."),
    channel: z.string(),
    campaign_id: z.string(),
    campaign: z.string(),
    kind: z.string().describe("campaign or flow."),
    template_id: z.string(),
    template: z.string(),
    period_from: z.string().describe("The start of the period the platform's figures cover (UTC)."),
    period_to: z.string().describe("The end of that period (UTC)."),
    recipients: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    delivery_rate: ZRate,
    opens: z.number().int().describe("The platform's unique opens, by its own rules (privacy-proxy fetches included)."),
    open_rate: ZRate,
    clicks: z.number().int().describe("The platform's unique clicks (not judged human)."),
    click_rate: ZRate,
    unsubscribes: z.number().int(),
    complaints: z.number().int(),
    conversions: z.number().int().describe("Conversions by the platform's own attribution."),
    conversion_value: z.string().describe("Their value as the platform reports it, a decimal string in `currency`."),
    currency: z.string().describe("The platform account's currency."),
  })
  .describe("A platform's own aggregate figures for one message with no per-recipient sends stored for the range or the figures' period.");

export const ZOwnedReportSchema = z.object({
  date_from: z.string(),
  date_to: z.string(),
  currency: z.string(),
  group_by: z.string(),
  pending_days: z
    .number()
    .int()
    .describe("Days of the range whose figures are still being brought up to date after recent writes (they show the figures before them); 0 when every day is current."),
  rows: z.array(ZOwnedReportRowSchema),
  totals: z.object(figures),
  platform_totals: z
    .array(ZOwnedPlatformTotalsSchema)
    .describe("Messages only a platform's aggregate reports know (no stored sends): its figures by its rules, never recounted, never in rows or totals."),
  popups: z
    .array(ZPopupReportRowSchema)
    .describe("On-site messages (web_popup), one row per template over the range's local days; empty under a campaign or another channel."),
});

export const ZOwnedConverterSchema = z.object({
  order_id: z.string(),
  order: z.string().describe("The order's name in the store."),
  ordered_at: z.string(),
  kind: z.enum(["open", "click", "session"]),
  template: z.string().nullable(),
  revenue: z.string(),
  status: z.enum(["member", "anonymous"]),
  customer_id: z.string().nullable().describe("The customer's opaque id (its profile), when the visitor resolves to one."),
});
export const ZOwnedConverterListSchema = z.object({ campaign_id: z.string(), currency: z.string(), converters: z.array(ZOwnedConverterSchema) });
