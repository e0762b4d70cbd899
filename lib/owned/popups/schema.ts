import { z } from "zod";

// What a pop-up template is made of, as the API and the editor send it. Content is plain text:
// the snippet puts it into the page with textContent, so a template can never carry markup.

export const POPUP_TRIGGER_TYPES = ["wait", "viewed", "event"] as const;
export type TPopupTriggerType = (typeof POPUP_TRIGGER_TYPES)[number];

export const POPUP_AUDIENCES = ["any", "member", "anonymous"] as const;
export type TPopupAudience = (typeof POPUP_AUDIENCES)[number];

/** The activity levels of lib/activity (person_activity.level). */
export const POPUP_LEVELS = ["high", "medium", "low"] as const;
export type TPopupLevel = (typeof POPUP_LEVELS)[number];

/** Events a template may wait for, as the snippet and the web pixel name them; others are custom events. */
export const POPUP_SUGGESTED_EVENTS = ["product_clicked", "product_added_to_cart", "signed_up"] as const;

/** The events the snippet reports about its pop-ups (properties.popup_id names the template). */
export const POPUP_EVENTS = { shown: "popup_shown", clicked: "popup_clicked", closed: "popup_closed" } as const;

export const POPUP_ARMS = ["show", "holdout"] as const;
export type TPopupArm = (typeof POPUP_ARMS)[number];

export const MAX_TRIGGER_SECONDS = 3600;
export const MAX_DAILY_LIMIT = 10_000_000;

const text = (field: string, max: number) =>
  z.string({ error: `Give the ${field} as text.` }).trim().max(max, `Use at most ${max} characters.`);

const ZHttpUrl = z
  .string({ error: "Give the link as an absolute http(s) URL." })
  .trim()
  .max(2048, "Use at most 2048 characters.")
  .refine((value) => URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol), "Use an absolute http(s) URL, e.g. https://shop.example.com/sale.");

const ZInstant = z
  .string({ error: "Give an ISO 8601 time with a zone, e.g. 2026-12-24T00:00:00Z." })
  .max(40, "Use an ISO 8601 time with a zone.")
  .refine((value) => /(Z|[+-]\d\d:?\d\d)$/i.test(value) && Number.isFinite(Date.parse(value)) && Math.abs(new Date(value).getUTCFullYear() - 2026) < 100, "Use an ISO 8601 time with a zone, e.g. 2026-12-24T00:00:00Z.")
  .transform((value) => new Date(value));

export const ZPopupTemplateInputSchema = z
  .object({
    name: text("name", 100).min(1, "Give the template a name."),
    title: text("title", 120).min(1, "Give the pop-up a title."),
    body: text("body", 1000).default(""),
    cta_label: text("button label", 40).nullable().default(null).describe("The button's text; with cta_url, the pop-up has a call to action."),
    cta_url: ZHttpUrl.nullable().default(null),
    url_pattern: text("URL pattern", 500)
      .min(1, "Give a URL pattern, e.g. /products/* or * for every page.")
      .default("*")
      .describe("Matched against the page's path and query: * matches any run of characters (/products/* is every product page)."),
    trigger_type: z.enum(POPUP_TRIGGER_TYPES, { error: "Use wait, viewed or event." }).default("wait"),
    trigger_seconds: z
      .number({ error: "Give the seconds as a whole number." })
      .int("Give the seconds as a whole number.")
      .min(0, "Use 0 or more seconds.")
      .max(MAX_TRIGGER_SECONDS, `Use at most ${MAX_TRIGGER_SECONDS} seconds.`)
      .nullable()
      .default(null)
      .describe("wait: seconds after the page loads; viewed: seconds the page has been visible."),
    trigger_event: z
      .string({ error: "Give the event's name." })
      .trim()
      .regex(/^[A-Za-z0-9_.:-]{1,128}$/, "Use an event name of letters, digits, _ . : or - (e.g. product_added_to_cart).")
      .nullable()
      .default(null)
      .describe("event: the tracked event that shows it, e.g. product_clicked, product_added_to_cart, signed_up."),
    audience: z.enum(POPUP_AUDIENCES, { error: "Use any, member or anonymous." }).default("any"),
    target_tag_id: z.string({ error: "Give the tag's id." }).trim().min(1).max(64, "Use a tag id.").nullable().default(null),
    target_levels: z.array(z.enum(POPUP_LEVELS, { error: "Use high, medium or low." }), { error: "Give the levels as a list." }).max(3).default([]),
    active_from: ZInstant.nullable().default(null),
    active_until: ZInstant.nullable().default(null),
    show_percent: z
      .number({ error: "Give a whole percentage from 1 to 100." })
      .int("Give a whole percentage from 1 to 100.")
      .min(1, "Give a whole percentage from 1 to 100.")
      .max(100, "Give a whole percentage from 1 to 100.")
      .default(100)
      .describe("The A/B share of qualifying visitors drawn to see it; the others are a holdout that never does. 100 runs no test."),
    enabled: z.boolean({ error: "Use true or false." }).default(true),
  })
  .superRefine((value, ctx) => {
    if (value.trigger_type !== "event" && value.trigger_seconds === null) {
      ctx.addIssue({ code: "custom", path: ["trigger_seconds"], message: "A wait or viewed trigger needs its seconds." });
    }
    if (value.trigger_type === "event" && !value.trigger_event) {
      ctx.addIssue({ code: "custom", path: ["trigger_event"], message: "An event trigger needs the event's name." });
    }
    if ((value.cta_label === null || value.cta_label === "") !== (value.cta_url === null)) {
      ctx.addIssue({ code: "custom", path: [value.cta_url === null ? "cta_url" : "cta_label"], message: "Give both the button label and its link, or neither." });
    }
    if (value.active_from && value.active_until && value.active_until <= value.active_from) {
      ctx.addIssue({ code: "custom", path: ["active_until"], message: "The window must end after it starts." });
    }
  });
export type TPopupTemplateInput = z.infer<typeof ZPopupTemplateInputSchema>;

export const ZPopupTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  body: z.string(),
  cta_label: z.string().nullable(),
  cta_url: z.string().nullable(),
  url_pattern: z.string(),
  trigger_type: z.enum(POPUP_TRIGGER_TYPES),
  trigger_seconds: z.number().int().nullable(),
  trigger_event: z.string().nullable(),
  audience: z.enum(POPUP_AUDIENCES),
  target_tag_id: z.string().nullable(),
  target_levels: z.array(z.enum(POPUP_LEVELS)),
  active_from: z.string().nullable().describe("ISO 8601."),
  active_until: z.string().nullable().describe("ISO 8601."),
  show_percent: z.number().int(),
  enabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TPopupTemplate = z.infer<typeof ZPopupTemplateSchema>;

export const ZPopupTemplateListSchema = z.object({ popups: z.array(ZPopupTemplateSchema) });
export const ZPopupTemplateAnswerSchema = z.object({ popup: ZPopupTemplateSchema });

export const ZPopupSettingsSchema = z.object({
  daily_limit: z
    .number({ error: "Give the limit as a whole number, or null for none." })
    .int("Give the limit as a whole number.")
    .min(1, "Use at least 1, or null for no limit.")
    .max(MAX_DAILY_LIMIT, `Use at most ${MAX_DAILY_LIMIT}.`)
    .nullable()
    .describe("Pop-ups shown per local day across every template; null for no limit."),
});
export type TPopupSettings = z.infer<typeof ZPopupSettingsSchema>;

// The snippet's two asks. Field names as the event API's (write_key, anonymous_id, user_id).
const ZAnonymousId = z.string({ error: "Give the visitor's anonymous_id." }).min(1, "Give the visitor's anonymous_id.").max(256, "Use at most 256 characters.");

export const ZPopupEligibleInputSchema = z.object({
  url: z.string({ error: "Give the page's URL." }).max(2048, "Use at most 2048 characters.").refine((v) => URL.canParse(v), "Give the page's absolute URL."),
});

export const ZPopupConfirmInputSchema = z.object({
  template_id: z.string({ error: "Give the template's id." }).min(1, "Give the template's id.").max(64, "Use a template id."),
  anonymous_id: ZAnonymousId,
  user_id: z.string({ error: "Give the member id as text." }).max(256, "Use at most 256 characters.").nullable().optional(),
  url: ZPopupEligibleInputSchema.shape.url,
  arm: z.enum(POPUP_ARMS, { error: "Use show or holdout." }).nullable().optional().describe("The decision this browser already holds, if any."),
});

export const ZPopupEligibleAnswerSchema = z.object({
  popups: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      body: z.string(),
      cta_label: z.string().nullable(),
      cta_url: z.string().nullable(),
      trigger_type: z.enum(POPUP_TRIGGER_TYPES),
      trigger_seconds: z.number().int().nullable(),
      trigger_event: z.string().nullable(),
      audience: z.enum(POPUP_AUDIENCES),
    }),
  ),
});
export type TPopupEligible = z.infer<typeof ZPopupEligibleAnswerSchema>["popups"][number];

export const POPUP_REFUSALS = ["inactive", "audience", "tag", "level", "holdout", "limit"] as const;
export const ZPopupConfirmAnswerSchema = z.object({
  show: z.boolean(),
  arm: z.enum(POPUP_ARMS).nullable().describe("The sticky decision to keep in the browser; null when the visitor did not qualify."),
  reason: z.enum(POPUP_REFUSALS).nullable().describe("Why not, when show is false."),
});
export type TPopupConfirmAnswer = z.infer<typeof ZPopupConfirmAnswerSchema>;

const ZLiftSchema = z
  .object({
    shown_rate: z.number().nullable(),
    holdout_rate: z.number().nullable(),
    difference: z.number().nullable().describe("shown_rate - holdout_rate; null when either arm is empty."),
    low: z.number().nullable().describe("The 95 % (Wald) interval of the difference."),
    high: z.number().nullable(),
    relative: z.number().nullable().describe("difference / holdout_rate; null when the holdout converted no one."),
  })
  .describe("The show arm against the never-shown holdout, fractions to 4 places.");

export const ZPopupReportRowSchema = z.object({
  template_id: z.string(),
  template: z.string(),
  show_percent: z.number().int().describe("The A/B share shown; the rest is the holdout."),
  impressions: z.number().int().describe("popup_shown events in the range."),
  viewers: z.number().int().describe("Visitors with a popup_shown event."),
  clicks: z.number().int().describe("popup_clicked events (the button)."),
  closes: z.number().int(),
  click_rate: z.number().nullable().describe("clicks / impressions; null without impressions."),
  shown_visitors: z.number().int().describe("Show arm: visitors first granted a show in the range."),
  shown_conversions: z.number().int().describe("Of them, with a checkout_completed event within 24 hours after that show."),
  holdout_visitors: z.number().int().describe("Holdout: visitors who first qualified in the range."),
  holdout_conversions: z.number().int().describe("Of them, with a checkout_completed event within 24 hours after qualifying."),
  lift: ZLiftSchema,
});
