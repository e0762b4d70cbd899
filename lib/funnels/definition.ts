import { z } from "zod";
import { STANDARD_EVENTS, TRACK_LIMITS } from "@/lib/tracking/event";
import { SHOPIFY_PIXEL_EVENTS } from "@/lib/tracking/shopify-pixel-map";

// What a funnel is: its ordered steps, the conversion window, what is counted and how it is
// split. Saved funnels, the report's query string and dashboard widgets all hold this shape.

export const MIN_STEPS = 2;
export const MAX_STEPS = 10;
export const MAX_WINDOW_DAYS = 90;
export const DEFAULT_WINDOW_DAYS = 7;
const MAX_FILTER_VALUE = 300;

/** The purchase path the web pixel reports, in order: a new funnel starts from it. */
export const DEFAULT_STEPS = ["page_view", "product_viewed", "product_added_to_cart", "checkout_started", "checkout_completed"] as const;

/**
 * Events every workspace may name before sending them: the snippet's own and the web pixel's
 * standard events (the pixel's page_viewed is stored as page_view).
 */
export const STANDARD_FUNNEL_EVENTS: readonly string[] = [
  ...new Set<string>([...Object.values(STANDARD_EVENTS), ...SHOPIFY_PIXEL_EVENTS.filter((name) => name !== "page_viewed")]),
];

/** visitor: a person where the identity graph links one, else the browser's anonymous id; session: one visit. */
export const COUNT_BY = ["visitor", "session"] as const;
export type CountBy = (typeof COUNT_BY)[number];

export const BREAKDOWNS = ["channel", "device", "landing_page", "campaign"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const FILTER_OPERATORS = ["contains", "equals"] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** Event columns a step may filter on; any other name is a key of the event's properties. */
export const EVENT_COLUMNS = ["page_url", "referrer"] as const;

const ZStepFilterSchema = z.object({
  property: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, "Name a property: page_url, referrer or a key of the event's properties (letters, digits, _ . -)."),
  operator: z.enum(FILTER_OPERATORS, `Use one of: ${FILTER_OPERATORS.join(", ")}.`),
  // Commas separate steps in the query string's short form, so a value cannot hold one.
  value: z
    .string()
    .min(1, "Give a value to compare with.")
    .max(MAX_FILTER_VALUE, `At most ${MAX_FILTER_VALUE} characters.`)
    .refine((value) => !value.includes(","), "A value cannot hold a comma."),
});
export type TStepFilter = z.infer<typeof ZStepFilterSchema>;

export const ZFunnelStepSchema = z.object({
  event: z.string().trim().min(1, "Name the step's event.").max(TRACK_LIMITS.maxEventNameLength, `At most ${TRACK_LIMITS.maxEventNameLength} characters.`),
  where: ZStepFilterSchema.optional(),
});
export type TFunnelStep = z.infer<typeof ZFunnelStepSchema>;

export const ZFunnelDefinitionSchema = z.object({
  steps: z
    .array(ZFunnelStepSchema, "Give the steps as a list.")
    .min(MIN_STEPS, `A funnel has at least ${MIN_STEPS} steps.`)
    .max(MAX_STEPS, `A funnel has at most ${MAX_STEPS} steps.`),
  window_days: z
    .number("Give the window as a whole number of days.")
    .int("Give the window as a whole number of days.")
    .min(1, "The window is at least 1 day.")
    .max(MAX_WINDOW_DAYS, `The window is at most ${MAX_WINDOW_DAYS} days.`)
    .default(DEFAULT_WINDOW_DAYS),
  count_by: z.enum(COUNT_BY, `Use one of: ${COUNT_BY.join(", ")}.`).default("visitor"),
  breakdown: z.enum(BREAKDOWNS, `Use one of: ${BREAKDOWNS.join(", ")}.`).nullable().default(null),
});
export type TFunnelDefinition = z.infer<typeof ZFunnelDefinitionSchema>;

export const DEFAULT_DEFINITION: TFunnelDefinition = {
  steps: DEFAULT_STEPS.map((event) => ({ event })),
  window_days: DEFAULT_WINDOW_DAYS,
  count_by: "visitor",
  breakdown: null,
};

/** A step as people read it: `page_view (page_url contains /products/)`. */
export function stepLabel(step: TFunnelStep): string {
  if (!step.where) return step.event;
  return `${step.event} (${step.where.property} ${step.where.operator} ${step.where.value})`;
}
