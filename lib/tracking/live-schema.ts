import { z } from "zod";
import { CLICK_ID_KEYS } from "./event";

// The answer of GET /api/v1/workspaces/{slug}/tracking/live, stated once for the service's type
// and the OpenAPI document.

const ZIsoTime = z.string().describe("ISO 8601, UTC.");

export const ZLiveKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  key_prefix: z.string().describe("The key's first characters, to recognise it; the whole key is on the write-key settings page."),
  revoked: z.boolean(),
  last_event_at: ZIsoTime.nullable().describe("When an event sent with this key was last stored; null before the first."),
  events_last_hour: z.number().int(),
  last_hour_by_event: z.array(z.object({ event: z.string(), count: z.number().int() })).describe("The last hour's stored events by name, most frequent first."),
});

export const ZLiveEventSchema = z.object({
  message_id: z.string(),
  event: z.string(),
  occurred_at: ZIsoTime,
  received_at: ZIsoTime,
  source: z.enum(["browser", "server", "shopify_pixel"]),
  write_key: z.string().nullable().describe("The write key's name; null for a server-side sender using a secret API key."),
  anonymous_id: z.string(),
  user_id: z.string().nullable(),
  page_url: z.string().nullable(),
  country: z.string().nullable(),
  is_bot: z.boolean().nullable().describe("Null until bot flagging has looked at the event."),
  order_id: z.string().nullable().describe("The order a checkout_completed names; null for other events."),
  campaign: z
    .object({
      source: z.string().nullable(),
      medium: z.string().nullable(),
      name: z.string().nullable().describe("utm_campaign."),
      click_id: z.string().nullable(),
      click_id_type: z.enum(CLICK_ID_KEYS).nullable(),
    })
    .nullable()
    .describe("The UTM parameters and first click id stored in the event's context, as captured from its landing URL; null when it carries none."),
});

const ZChecklistItemSchema = z.object({ done: z.boolean(), label: z.string(), hint: z.string() });

export const ZLiveViewSchema = z.object({
  generated_at: ZIsoTime,
  keys: z.array(ZLiveKeySchema),
  events: z.array(ZLiveEventSchema).describe("The last 50 events stored, newest first."),
  checklist: z.object({
    snippet_installed: ZChecklistItemSchema.describe("Any event from the browser snippet is stored."),
    web_pixel_connected: ZChecklistItemSchema.describe("Any event from the Shopify web pixel is stored."),
    checkout_events_arriving: ZChecklistItemSchema.describe("Any checkout_completed is stored."),
    orders_matched: ZChecklistItemSchema.describe("Any checkout_completed names an order the store sync loaded."),
  }),
});

export type LiveKey = z.infer<typeof ZLiveKeySchema>;
export type LiveEvent = z.infer<typeof ZLiveEventSchema>;
export type LiveView = z.infer<typeof ZLiveViewSchema>;
export type ChecklistItem = LiveView["checklist"]["snippet_installed"];
