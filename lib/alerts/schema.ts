import { z } from "zod";
import { getMetric, isMetricId, METRICS } from "@/lib/metrics/definitions/registry";
import { canonicalMetricId } from "@/lib/metrics/report/schema";
import { closestIds } from "@/lib/metrics/report/suggest";
import { parseInput } from "@/lib/validation";
import { SENSITIVITIES } from "./evaluators";

// What an alert rule is made of, as the API, the page and the stored rows take it. One flat object
// (rather than a union per kind) so every refusal names the exact field at fault.

export const ALERT_KINDS = ["metric", "integration"] as const;
export const ALERT_METHODS = ["threshold", "change", "anomaly"] as const;
export const ALERT_WINDOWS = ["today_so_far", "complete_day"] as const;
export const DIRECTIONS = ["drop", "rise", "either"] as const;
export const INTEGRATION_CHECKS = ["needs_reauth", "sync_failing", "token_expiring", "no_orders", "no_spend"] as const;
export type IntegrationCheck = (typeof INTEGRATION_CHECKS)[number];
export type AlertMethodName = (typeof ALERT_METHODS)[number];
export type AlertWindowName = (typeof ALERT_WINDOWS)[number];

export const CHECK_LABELS: Record<IntegrationCheck, string> = {
  needs_reauth: "A connection needs re-authorisation",
  sync_failing: "Syncs keep failing",
  token_expiring: "A token expires within 7 days",
  no_orders: "No orders when there usually are",
  no_spend: "No ad spend when there usually is",
};

/** Checks whose `hours` say how long the condition must last (the others fire at once). */
export const CHECKS_WITH_HOURS: readonly IntegrationCheck[] = ["sync_failing", "no_orders", "no_spend"];

/**
 * Facts with a time of day (orders, refunds) can be cut at "now" on a past day, so "today so far"
 * is judged against the same time on the baseline days; ad and traffic figures arrive per day
 * only, so their rules judge complete days (a threshold may still watch today's running total).
 */
export function timedMetric(metric: string): boolean {
  return isMetricId(metric) && getMetric(metric).sources.every((s) => s === "sales" || s === "customers");
}

export function unknownMetricMessage(metric: string): string {
  const near = closestIds(metric, METRICS.map((m) => m.id));
  return `unknown metric "${metric}".${near.length > 0 ? ` Did you mean ${near.join(" or ")}?` : ""} Use an id of the metric registry (GET /api/v1/openapi.json lists them).`;
}

const decimalText = z
  .union([z.string().trim(), z.number()])
  .transform(String)
  .refine((v) => /^-?\d{1,15}(\.\d{1,4})?$/.test(v), "Write the threshold as a number with at most 4 decimal places, e.g. 1500 or 0.025.");

export const ZRuleParamsSchema = z
  .object({
    /** Threshold rules. */
    operator: z.enum(["above", "below"]).optional(),
    value: decimalText.optional(),
    /** Change and anomaly rules. */
    direction: z.enum(DIRECTIONS).optional(),
    /** Change rules: how large a change (in percent of the baseline) alerts. */
    percent: z.number().min(1).max(1000).optional(),
    /** Anomaly rules: low, medium, high = a robust z-score of 4, 3, 2. */
    sensitivity: z.enum(SENSITIVITIES).optional(),
  })
  .strict();
export type TRuleParams = z.infer<typeof ZRuleParamsSchema>;

const filterList = z.array(z.string().trim().min(1).max(100)).max(20);

const ruleFields = {
  name: z.string().trim().min(1, "Give the rule a name.").max(120),
  kind: z.enum(ALERT_KINDS),
  metric: z.string().trim().min(1).max(120).transform(canonicalMetricId).nullable().optional(),
  /** As reports take them: channels and ad platforms. */
  filters: z.object({ channel: filterList.optional(), platform: filterList.optional() }).strict().default({}),
  method: z.enum(ALERT_METHODS).nullable().optional(),
  params: ZRuleParamsSchema.default({}),
  window: z.enum(ALERT_WINDOWS).nullable().optional(),
  check: z.enum(INTEGRATION_CHECKS).nullable().optional(),
  hours: z.number().int().min(1).max(24 * 14).nullable().optional(),
  destination_ids: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
  muted: z.boolean().default(false),
  snoozed_until: z.iso.datetime({ offset: true, error: "Write snoozed_until as an ISO 8601 time, e.g. 2026-12-06T09:00:00Z." }).nullable().optional(),
};

const ZRuleObjectSchema = z.object(ruleFields).strict();
export const ZRuleInputSchema = ZRuleObjectSchema.superRefine(checkRule);
/** A PATCH body: any of the fields, merged over the stored rule and then validated as a whole. */
export const ZRulePatchSchema = ZRuleObjectSchema.partial();
export type TRuleInput = z.infer<typeof ZRuleInputSchema>;

/** Mute and snooze alone, so members can silence a rule without resending the whole of it. */
export const ZSilenceSchema = z
  .object({
    muted: z.boolean().optional(),
    snoozed_until: ruleFields.snoozed_until,
  })
  .strict();

type Ctx = z.RefinementCtx;

function need(ctx: Ctx, path: string, present: unknown, message: string) {
  if (present === undefined || present === null) ctx.addIssue({ code: "custom", path: path.split("."), message });
}

function checkRule(rule: z.infer<z.ZodObject<typeof ruleFields>>, ctx: Ctx) {
  if (rule.kind === "integration") {
    need(ctx, "check", rule.check, `An integration rule names its check: one of ${INTEGRATION_CHECKS.join(", ")}.`);
    if (rule.check && CHECKS_WITH_HOURS.includes(rule.check)) need(ctx, "hours", rule.hours, `${rule.check} needs hours: how long it must last before alerting.`);
    return;
  }
  need(ctx, "metric", rule.metric, "A metric rule names a metric of the registry.");
  need(ctx, "method", rule.method, `Choose a method: ${ALERT_METHODS.join(", ")}.`);
  need(ctx, "window", rule.window, `Choose a window: ${ALERT_WINDOWS.join(", ")}.`);
  if (rule.metric && !isMetricId(rule.metric)) ctx.addIssue({ code: "custom", path: ["metric"], message: unknownMetricMessage(rule.metric) });
  const { params } = rule;
  if (rule.method === "threshold") {
    need(ctx, "params.operator", params.operator, "A threshold rule says above or below.");
    need(ctx, "params.value", params.value, "A threshold rule has a value.");
  }
  if (rule.method === "change" || rule.method === "anomaly") need(ctx, "params.direction", params.direction, `Choose a direction: ${DIRECTIONS.join(", ")}.`);
  if (rule.method === "change") need(ctx, "params.percent", params.percent, "A change rule says how many percent of change alert.");
  if (rule.method === "anomaly") need(ctx, "params.sensitivity", params.sensitivity, `Choose a sensitivity: ${SENSITIVITIES.join(", ")}.`);
  if (rule.window === "today_so_far" && rule.method !== "threshold" && rule.metric && isMetricId(rule.metric) && !timedMetric(rule.metric)) {
    ctx.addIssue({
      code: "custom",
      path: ["window"],
      message: `${rule.metric} arrives per day, without a time of day, so today so far cannot be compared with the same time on past days; use complete_day, or a threshold.`,
    });
  }
}

export const ZIncidentQuerySchema = z
  .object({
    state: z.enum(["open", "resolved"]).optional(),
    rule_id: z.string().trim().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

/** The incidents list's query string: ?state=open&rule_id=...&limit=50. */
export function parseIncidentQuery(params: URLSearchParams): { state?: "open" | "resolved"; ruleId?: string; limit?: number } {
  const { state, rule_id, limit } = parseInput(ZIncidentQuerySchema, Object.fromEntries(params));
  return { state, ruleId: rule_id, limit };
}
