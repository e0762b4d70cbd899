// The fields a tag rule can test, with how each reads in SQL and which values make sense. The
// person universe is customer_profiles `cp` (orders, money, predictions, first order) beside the
// person's activity `pa` (lib/activity's person_activity, read by column name), joined when a rule
// names one of its fields.

export const RFM_SEGMENTS = ["champions", "loyal", "promising", "needs_attention", "at_risk", "hibernating", "lost"] as const;
export const LEVELS = ["high", "medium", "low"] as const;

export const NUMBER_OPS = ["gt", "gte", "lt", "lte", "eq", "between"] as const;
export const CHOICE_OPS = ["is", "is_not", "in", "not_in"] as const;
export const SET_OPS = ["any_of", "none_of"] as const;

type Range = { min?: number; max?: number; integer?: boolean };

export type TNumberField = { kind: "number"; label: string; sql: string; activity?: boolean; range: Range; unit?: string };
export type TChoiceField = { kind: "choice"; label: string; sql: string; activity?: boolean; values?: readonly string[]; pattern?: RegExp; patternHint?: string };
// product groups bought, answered by an EXISTS over the person's orders (lib/tags/rules/compile.ts).
export type TSetField = { kind: "groups"; label: string };
export type TRuleField = TNumberField | TChoiceField | TSetField;

const num = (label: string, sql: string, range: Range, extra: Partial<TNumberField> = {}): TNumberField => ({ kind: "number", label, sql, range, ...extra });

export const RULE_FIELDS = {
  // From the activity scores (lib/activity).
  score: num("Activity score", "pa.score", { min: 0 }, { activity: true }),
  weekly_score: num("Weekly score", "pa.weekly_score", { min: 0 }, { activity: true }),
  weekly_change: num("Change of the weekly score", "pa.weekly_change", {}, { activity: true }),
  level: { kind: "choice", label: "Activity level", sql: "pa.level", activity: true, values: LEVELS },
  rfm_segment: { kind: "choice", label: "RFM segment", sql: "pa.rfm_segment", activity: true, values: RFM_SEGMENTS },
  rfm_r: num("RFM recency (1-5)", "pa.rfm_r", { min: 1, max: 5, integer: true }, { activity: true }),
  rfm_f: num("RFM frequency (1-5)", "pa.rfm_f", { min: 1, max: 5, integer: true }, { activity: true }),
  rfm_m: num("RFM monetary (1-5)", "pa.rfm_m", { min: 1, max: 5, integer: true }, { activity: true }),
  // From the customer profile (lib/customers); days in the workspace's zone ($3 is today there).
  days_since_last_order: num("Days since the last order", "($3::date - cp.last_day)", { min: 0, max: 36_500, integer: true }, { unit: "days" }),
  orders: num("Orders", "cp.orders", { min: 0, max: 10_000_000, integer: true }),
  net_sales: num("Net sales", "cp.net_sales", { min: -1e12, max: 1e12 }, { unit: "currency" }),
  p_active: num("P(active)", "cp.p_active", { min: 0, max: 1 }),
  predicted_ltv: num("Predicted 12-month LTV", "cp.predicted_ltv_12m", { min: -1e12, max: 1e12 }, { unit: "currency" }),
  first_channel: { kind: "choice", label: "First order's channel", sql: "cp.first_channel", pattern: /^[\w .:/-]{1,100}$/, patternHint: "a channel name" },
  country: { kind: "choice", label: "Country", sql: "cp.country", pattern: /^[A-Z]{2}$/, patternHint: "a two-letter country code (ISO 3166-1, e.g. US)" },
  product_groups: { kind: "groups", label: "Product groups bought" },
} as const satisfies Record<string, TRuleField>;

export type TRuleFieldName = keyof typeof RULE_FIELDS;
export const RULE_FIELD_NAMES = Object.keys(RULE_FIELDS) as TRuleFieldName[];

export const isRuleField = (name: string): name is TRuleFieldName => Object.hasOwn(RULE_FIELDS, name);

export function opsOf(field: TRuleField): readonly string[] {
  if (field.kind === "number") return NUMBER_OPS;
  if (field.kind === "choice") return CHOICE_OPS;
  return SET_OPS;
}

export const usesActivity = (field: TRuleField): boolean => "activity" in field && field.activity === true;
