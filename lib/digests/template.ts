import { z } from "zod";
import { isMetricId } from "@/lib/metrics/definitions/registry";
import { metricIdSchema, SECTION_TYPES } from "./sections";

// How a digest speaks, per destination: a title and intro with {{placeholders}}, which of the
// digest's sections to include, conditions that must hold for it to be sent at all ("only if
// orders < baseline"), an image and a link. Checked on save, so a typo is a 400 naming it rather
// than a message that shows "{{ordres}}" every morning.

/** Placeholders other than metric ids. `{{<metric>}}` is its value, `{{<metric>.change}}` its change vs the previous period. */
export const CONTEXT_PLACEHOLDERS = ["date", "range", "workspace", "digest"] as const;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The metric a placeholder names, or null when it names something else. */
function placeholderMetric(name: string): string | null {
  const metric = name.endsWith(".change") ? name.slice(0, -".change".length) : name;
  return isMetricId(metric) ? metric : null;
}

export const placeholdersIn = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);

function unknownPlaceholder(text: string): string | null {
  const bad = placeholdersIn(text).find((name) => !(CONTEXT_PLACEHOLDERS as readonly string[]).includes(name) && placeholderMetric(name) === null);
  return bad === undefined ? null : bad;
}

const withPlaceholders = (max: number) =>
  z.string().trim().max(max).superRefine((text, ctx) => {
    const bad = unknownPlaceholder(text);
    if (bad !== null) {
      ctx.addIssue({ code: "custom", message: `unknown placeholder {{${bad}}}: use a metric id (or <metric>.change) or one of ${CONTEXT_PLACEHOLDERS.join(", ")}.` });
    }
  });

export const CONDITION_OPS = ["<", "<=", ">", ">="] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export const ZConditionSchema = z.object({
  metric: metricIdSchema("metric"),
  op: z.enum(CONDITION_OPS, { error: `op must be one of ${CONDITION_OPS.join(" ")}.` }),
  /**
   * "baseline": a daily digest's same weekday last week, otherwise the previous period;
   * "previous": the previous period; or a number.
   */
  than: z.union([z.literal("baseline"), z.literal("previous"), z.number().finite(), z.string().regex(/^-?\d+(\.\d+)?$/)], {
    error: 'than must be "baseline", "previous" or a number.',
  }),
});
export type TCondition = z.infer<typeof ZConditionSchema>;

const httpsUrl = z.url({ protocol: /^https$/, error: "Use an https URL." }).max(2000);

export const ZTemplateSchema = z.object({
  title: withPlaceholders(200).optional(),
  intro: withPlaceholders(2000).optional(),
  /** Which of the digest's sections this destination shows, in this order (default: all). */
  sections: z.array(z.enum(SECTION_TYPES, { error: `sections: use ${SECTION_TYPES.join(", ")}.` })).max(SECTION_TYPES.length).optional(),
  conditions: z.array(ZConditionSchema).max(5).optional(),
  image: z.object({ url: httpsUrl, alt: z.string().trim().min(1).max(300) }).optional(),
  link: z.object({ label: z.string().trim().min(1).max(100), url: z.url({ protocol: /^https?$/, error: "Use an http(s) URL." }).max(2000) }).optional(),
});
export type TTemplate = z.infer<typeof ZTemplateSchema>;

export const ZTemplatesSchema = z.object({
  default: ZTemplateSchema.default({}),
  /** Per destination id: replaces the default's fields it sets. */
  destinations: z.record(z.string().min(1).max(64), ZTemplateSchema).default({}),
});
export type TTemplates = z.output<typeof ZTemplatesSchema>;

/** The template a destination uses: its own fields over the default's. */
export function templateFor(templates: TTemplates, destinationId: string | null): TTemplate {
  const own = destinationId ? templates.destinations[destinationId] : undefined;
  return { ...templates.default, ...(own ?? {}) };
}

/** Every metric a template set names in placeholders and conditions, so the digest reads them. */
export function templateMetrics(templates: TTemplates): string[] {
  const metrics = new Set<string>();
  for (const template of [templates.default, ...Object.values(templates.destinations)]) {
    for (const text of [template.title ?? "", template.intro ?? ""]) {
      for (const name of placeholdersIn(text)) {
        const metric = placeholderMetric(name);
        if (metric) metrics.add(metric);
      }
    }
    for (const condition of template.conditions ?? []) metrics.add(condition.metric);
  }
  return [...metrics];
}

/** The text with its placeholders replaced by `values` (every name was checked on save). */
export function fillPlaceholders(text: string, values: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => values(name));
}
