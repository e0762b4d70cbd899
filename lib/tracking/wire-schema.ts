import { z } from "zod";
import { CLICK_ID_KEYS, OWNED_CLICK_KEY, OWNED_CLICK_PATTERN, TRACK_LIMITS, UTM_KEYS } from "./event";

// The event API's body and answer as the OpenAPI document states them. Requests are checked by
// validate.ts (field by field, so each bad event is named); this states the same fields.

const ZContextDocSchema = z
  .object({
    ...Object.fromEntries([...UTM_KEYS, ...CLICK_ID_KEYS].map((key) => [key, z.string().max(512).optional()])),
    [OWNED_CLICK_KEY]: z.string().regex(OWNED_CLICK_PATTERN).optional().describe("The click id a tracked link of an owned-channel message added to the landing URL; ties that click to this visitor. Read from page_url when missing."),
    user_agent: z.string().max(1024).optional().describe("Defaults to the request's User-Agent for write keys."),
    country: z.string().length(2).optional().describe("Two letters; for write keys the CDN's country header wins."),
    locale: z.string().max(35).optional(),
    screen: z.object({ width: z.number().int(), height: z.number().int() }).optional(),
    timezone: z.string().max(64).optional(),
    page_title: z.string().max(512).optional(),
    library: z.object({ name: z.string().max(64), version: z.string().max(32).optional() }).optional().describe('The Shopify web pixel sends name "shopify_pixel".'),
    webdriver: z.boolean().optional(),
    source: z.enum(["browser", "shopify_pixel"]).optional().describe("Who collected it (write keys only; API key events are `server`)."),
    ip: z.string().optional().describe("API keys only: the visitor's address, stored only as a daily-salted hash and its /24 or /48 network."),
  })
  .describe("Unknown fields are dropped. Campaign parameters missing here are read from page_url.");

export const ZTrackEventDocSchema = z.object({
  event: z.string().min(1).max(TRACK_LIMITS.maxEventNameLength),
  message_id: z.string().min(1).max(TRACK_LIMITS.maxMessageIdLength).describe("Unique per event: a retry with the same id is stored once."),
  anonymous_id: z.string().min(1).max(TRACK_LIMITS.maxIdLength).describe("The visitor's id on this device and browser."),
  timestamp: z.string().optional().describe("ISO 8601 with a zone; default: when received. Before 2000-01-01 or over an hour ahead is rejected."),
  user_id: z.string().max(TRACK_LIMITS.maxIdLength).nullable().optional(),
  page_url: z.string().max(TRACK_LIMITS.maxUrlLength).nullable().optional(),
  referrer: z.string().max(TRACK_LIMITS.maxUrlLength).nullable().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  extra: z.record(z.string(), z.unknown()).optional().describe("Another name for properties."),
  context: ZContextDocSchema.optional(),
});

const writeKey = z.string().optional().describe("The write key (or send X-Signalboard-Write-Key); not with an API key.");

export const ZTrackBodyDocSchema = z.union([
  ZTrackEventDocSchema.extend({ write_key: writeKey }),
  z.object({ batch: z.array(ZTrackEventDocSchema).min(1).max(TRACK_LIMITS.maxBatchEvents), write_key: writeKey }),
]);

export const ZTrackAcceptedSchema = z.object({
  accepted: z.number().int().describe("Events taken (duplicates of stored message ids included; they are dropped when stored)."),
  rejected: z.array(z.object({ index: z.number().int(), field: z.string().describe('e.g. "batch.3.timestamp".'), message: z.string() })),
});
