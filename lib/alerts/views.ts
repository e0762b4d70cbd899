import { z } from "zod";
import { ALERT_KINDS, ALERT_METHODS, ALERT_WINDOWS, ZRuleParamsSchema } from "./schema";

// What the API answers about rules, incidents and previews, as zod so the OpenAPI document
// describes exactly what is sent.

const iso = () => z.string().describe("ISO 8601.");

export const ZRuleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ALERT_KINDS),
  metric: z.string().nullable(),
  filters: z.object({ channel: z.array(z.string()).optional(), platform: z.array(z.string()).optional() }),
  method: z.enum(ALERT_METHODS).nullable(),
  params: ZRuleParamsSchema,
  window: z.enum(ALERT_WINDOWS).nullable(),
  check: z.string().nullable(),
  hours: z.number().int().nullable(),
  destination_ids: z.array(z.string()),
  muted: z.boolean(),
  snoozed_until: iso().nullable(),
  last_evaluated_at: iso().nullable(),
  created_at: iso(),
  updated_at: iso(),
});
export type RuleView = z.infer<typeof ZRuleViewSchema>;

export const ZIncidentViewSchema = z.object({
  id: z.string(),
  rule_id: z.string(),
  subject: z.string().describe('"" for a metric rule; the connection id for an integration rule.'),
  state: z.enum(["open", "resolved"]),
  day: z.string().describe("The day judged, YYYY-MM-DD in the workspace time zone."),
  value: z.string().nullable(),
  baseline: z.string().nullable(),
  method: z.string(),
  summary: z.string(),
  opened_at: iso(),
  last_seen_at: iso(),
  last_sent_at: iso().nullable(),
  resolved_at: iso().nullable(),
  sends: z.number().int().describe("Messages sent for it: when it opened, each time it worsened, when it resolved."),
});
export type IncidentView = z.infer<typeof ZIncidentViewSchema>;

export const ZRulePreviewSchema = z.object({
  judgements: z.array(
    z.object({ state: z.enum(["firing", "quiet", "insufficient"]), subject: z.string(), summary: z.string(), value: z.string(), baseline: z.string(), method: z.string() }),
  ),
  message: z.record(z.string(), z.unknown()).nullable().describe("The destination-neutral message it would send if it fired now."),
  chart: z.array(z.object({ day: z.string(), value: z.number().nullable(), baseline: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() })),
});
