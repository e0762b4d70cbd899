import { z } from "zod";
import { AppError } from "@/lib/errors";
import { refuseNulCharacters } from "@/lib/validation";
import { RULE_FIELD_NAMES, RULE_FIELDS, isRuleField, opsOf, usesActivity, type TRuleFieldName } from "./fields";

// The rule builder's tree: groups of conditions matched all or any, nested a little. Validated in
// two passes: the shape with zod, then each condition against its field (known field, an operator
// it has, a value in its range), so a 400 names the exact place: "definition.conditions.1.value".

export const MAX_DEPTH = 3;
export const MAX_CONDITIONS = 30;

export type TRuleCondition = { field: TRuleFieldName; op: string; value: number | [number, number] | string | string[] };
export type TRuleGroup = { match: "all" | "any"; conditions: (TRuleCondition | TRuleGroup)[] };

const ZCondition = z.object({ field: z.string("Name a field."), op: z.string("Name an operator."), value: z.unknown() }).strict();
type TRawGroup = { match: "all" | "any"; conditions: (z.infer<typeof ZCondition> | TRawGroup)[] };
export const ZRuleGroupSchema: z.ZodType<TRawGroup> = z.lazy(() =>
  z.object({
    match: z.enum(["all", "any"], 'Use "all" or "any".'),
    conditions: z.array(z.union([ZCondition, ZRuleGroupSchema])).max(MAX_CONDITIONS, `At most ${MAX_CONDITIONS} conditions.`),
  }).strict(),
);

export type TRuleContext = {
  /** Whether lib/activity's person_activity exists yet (its fields refuse until it does). */
  activity: boolean;
  /** The workspace's product group keys. */
  groupKeys: readonly string[];
};

export const isGroup = (node: TRuleCondition | TRuleGroup): node is TRuleGroup => "match" in node;

type Problems = Record<string, string>;

function numberValue(value: unknown, at: string, problems: Problems, range: { min?: number; max?: number; integer?: boolean }, label: string): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) {
    problems[at] = `${label} needs a number.`;
    return null;
  }
  if (range.integer && !Number.isInteger(n)) problems[at] = `${label} needs a whole number.`;
  else if (range.min !== undefined && n < range.min) problems[at] = `${label} is at least ${range.min}.`;
  else if (range.max !== undefined && n > range.max) problems[at] = `${label} is at most ${range.max}.`;
  else return n;
  return null;
}

function checkCondition(raw: z.infer<typeof ZCondition>, at: string, ctx: TRuleContext, problems: Problems): TRuleCondition | null {
  if (!isRuleField(raw.field)) {
    problems[`${at}.field`] = `Unknown field "${raw.field.slice(0, 60)}"; use one of ${RULE_FIELD_NAMES.join(", ")}.`;
    return null;
  }
  const field: (typeof RULE_FIELDS)[TRuleFieldName] = RULE_FIELDS[raw.field];
  if (usesActivity(field) && !ctx.activity) {
    problems[`${at}.field`] = `${field.label} is not available until activity scores are computed for this workspace.`;
    return null;
  }
  if (!opsOf(field).includes(raw.op)) {
    problems[`${at}.op`] = `${field.label} takes the operators ${opsOf(field).join(", ")}.`;
    return null;
  }
  const valueAt = `${at}.value`;
  if (field.kind === "number") {
    if (raw.op === "between") {
      if (!Array.isArray(raw.value) || raw.value.length !== 2) {
        problems[valueAt] = `between needs [from, to].`;
        return null;
      }
      const from = numberValue(raw.value[0], `${valueAt}.0`, problems, field.range, field.label);
      const to = numberValue(raw.value[1], `${valueAt}.1`, problems, field.range, field.label);
      if (from === null || to === null) return null;
      if (from > to) {
        problems[valueAt] = "between needs from <= to.";
        return null;
      }
      return { field: raw.field, op: raw.op, value: [from, to] };
    }
    const n = numberValue(raw.value, valueAt, problems, field.range, field.label);
    return n === null ? null : { field: raw.field, op: raw.op, value: n };
  }
  const many = raw.op === "in" || raw.op === "not_in" || field.kind === "groups";
  const values = many ? raw.value : [raw.value];
  if (!Array.isArray(values) || values.length === 0 || values.length > 100 || !values.every((v) => typeof v === "string")) {
    problems[valueAt] = many ? "Give a list of 1 to 100 values." : "Give one value.";
    return null;
  }
  const allowed = field.kind === "groups" ? ctx.groupKeys : "values" in field ? field.values : null;
  for (const [i, v] of values.entries()) {
    const where = many ? `${valueAt}.${i}` : valueAt;
    if (allowed && !allowed.includes(v)) {
      problems[where] = allowed.length === 0 ? "This workspace has no product groups yet." : `Unknown value "${v.slice(0, 60)}"; use one of ${allowed.join(", ")}.`;
      return null;
    }
    if ("pattern" in field && !field.pattern.test(v)) {
      problems[where] = `${field.label} needs ${field.patternHint}.`;
      return null;
    }
  }
  return { field: raw.field, op: raw.op, value: many ? (values as string[]) : (values[0] as string) };
}

function checkGroup(raw: TRawGroup, at: string, depth: number, ctx: TRuleContext, problems: Problems): TRuleGroup {
  if (depth > MAX_DEPTH) problems[at] = `Groups nest at most ${MAX_DEPTH} deep.`;
  const conditions: TRuleGroup["conditions"] = [];
  raw.conditions.forEach((node, i) => {
    const here = `${at}.conditions.${i}`;
    const checked = "match" in node ? checkGroup(node, here, depth + 1, ctx, problems) : checkCondition(node, here, ctx, problems);
    if (checked) conditions.push(checked);
  });
  return { match: raw.match, conditions };
}

const countConditions = (group: TRuleGroup): number => group.conditions.reduce((n, c) => n + (isGroup(c) ? countConditions(c) : 1), 0);

/** Validates a rule tree; a 400 names every bad place under `field` ("definition" by default). */
export function parseRuleDefinition(input: unknown, ctx: TRuleContext, field = "definition"): TRuleGroup {
  refuseNulCharacters(input === undefined ? null : { [field]: input });
  const shape = ZRuleGroupSchema.safeParse(input);
  if (!shape.success) {
    const issue = shape.error.issues[0]!;
    const at = [field, ...issue.path].join(".");
    throw new AppError("bad_request", `Invalid rule (${at}: ${issue.message})`, { fields: { [at]: issue.message } });
  }
  const problems: Problems = {};
  const tree = checkGroup(shape.data, field, 1, ctx, problems);
  if (Object.keys(problems).length === 0 && countConditions(tree) === 0) problems[`${field}.conditions`] = "Add at least one condition.";
  if (Object.keys(problems).length === 0 && countConditions(tree) > MAX_CONDITIONS) problems[`${field}.conditions`] = `At most ${MAX_CONDITIONS} conditions in all.`;
  if (Object.keys(problems).length > 0) {
    const summary = Object.entries(problems).map(([k, m]) => `${k}: ${m}`).join("; ");
    throw new AppError("bad_request", `Invalid rule (${summary})`, { fields: problems });
  }
  return tree;
}
