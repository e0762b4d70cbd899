import { z } from "zod";
import { AppError } from "@/lib/errors";
import { boundsMessage, dayInBounds } from "@/lib/time/bounds";
import {
  BREAKDOWNS,
  COUNT_BY,
  DEFAULT_STEPS,
  DEFAULT_WINDOW_DAYS,
  ZFunnelDefinitionSchema,
  type TFunnelDefinition,
  type TFunnelStep,
} from "./definition";

// A funnel report asked for by query string (the API, the page's URL). Every refusal names the
// parameter; unknown parameters are refused, so a typo is an error rather than another report.

export const FUNNEL_FORMATS = ["json", "csv"] as const;
export type FunnelFormat = (typeof FUNNEL_FORMATS)[number];

/** Longest range a funnel reads, in days: a year of events is already a heavy scan. */
export const MAX_RANGE_DAYS = 366;
/** Days shown when no range is given, ending today. */
export const DEFAULT_RANGE_DAYS = 30;

export type FunnelRange = { date_from?: string; date_to?: string };

export type FunnelQuery = {
  /** Null when a saved funnel (funnel_id) supplies the definition. */
  definition: TFunnelDefinition | null;
  funnelId: string | null;
  range: FunnelRange;
  includeBots: boolean;
  format: FunnelFormat;
};

export const FUNNEL_QUERY_PARAMETERS = ["steps", "window", "count_by", "breakdown", "date_from", "date_to", "include_bots", "funnel_id", "format"] as const;
const DEFINITION_PARAMETERS = ["steps", "window", "count_by", "breakdown"] as const;

// `event`, `event:property~value` (contains) or `event:property=value` (equals).
const STEP_SYNTAX = /^([^:]+):([^~=]+)([~=])(.*)$/s;

/** One step written in the query string's short form. */
export function parseStepText(text: string): TFunnelStep {
  const match = STEP_SYNTAX.exec(text);
  if (!match) return { event: text.trim() };
  const [, event, property, op, value] = match;
  return { event: event!.trim(), where: { property: property!.trim(), operator: op === "~" ? "contains" : "equals", value: value! } };
}

/** The short form of a step, as parseStepText reads it. */
export function stepText(step: TFunnelStep): string {
  if (!step.where) return step.event;
  return `${step.event}:${step.where.property}${step.where.operator === "contains" ? "~" : "="}${step.where.value}`;
}

function refuse(problems: Record<string, string>): never {
  const names = Object.keys(problems);
  const message = names.length === 1 ? problems[names[0]!]! : `Invalid query parameters (${names.map((n) => `${n}: ${problems[n]}`).join("; ")})`;
  throw new AppError("bad_request", message, { fields: problems });
}

const startsWithName = (name: string, message: string) => (message.startsWith(name) ? message : `${name}: ${message}`);

/** The dates of a range, checked: each a day in bounds, in order, at most MAX_RANGE_DAYS apart. */
export function rangeProblems(range: FunnelRange): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const name of ["date_from", "date_to"] as const) {
    const value = range[name];
    if (value === undefined) continue;
    if (!z.iso.date().safeParse(value).success) problems[name] = `${name} must be a date written YYYY-MM-DD.`;
    else if (!dayInBounds(value)) problems[name] = `${name}: ${boundsMessage()}`;
  }
  if (!problems.date_from && !problems.date_to && range.date_from && range.date_to) {
    if (range.date_from > range.date_to) problems.date_to = "date_to is before date_from.";
    else if (Date.parse(range.date_to) - Date.parse(range.date_from) >= MAX_RANGE_DAYS * 86_400_000) {
      problems.date_to = `date_to: a funnel covers at most ${MAX_RANGE_DAYS} days.`;
    }
  }
  return problems;
}

export function parseFunnelQuery(params: URLSearchParams): FunnelQuery {
  const problems: Record<string, string> = {};
  const known = new Set<string>(FUNNEL_QUERY_PARAMETERS);
  for (const name of new Set(params.keys())) {
    if (!known.has(name)) problems[name] = `Unknown query parameter "${name}". Use: ${FUNNEL_QUERY_PARAMETERS.join(", ")}.`;
    else if (name !== "steps" && params.getAll(name).length > 1) problems[name] = `Give ${name} once.`;
  }
  if (Object.keys(problems).length > 0) refuse(problems);

  const get = (name: string) => params.get(name)?.trim() || undefined;
  const funnelId = get("funnel_id") ?? null;
  if (funnelId) {
    const clash = DEFINITION_PARAMETERS.find((name) => params.has(name));
    if (clash) problems[clash] = `${clash}: leave it out with funnel_id (the saved funnel says it).`;
    if (funnelId.length > 64) problems.funnel_id = "funnel_id: no such funnel.";
  }

  const oneOf = <T extends string>(name: string, valid: readonly T[]): T | undefined => {
    const value = get(name);
    if (value !== undefined && !(valid as readonly string[]).includes(value)) {
      problems[name] = `${name}: unknown value "${value.slice(0, 60)}". Use one of: ${valid.join(", ")}.`;
    }
    return value as T | undefined;
  };
  const countBy = oneOf("count_by", COUNT_BY);
  const breakdown = oneOf("breakdown", BREAKDOWNS);
  const format = oneOf("format", FUNNEL_FORMATS) ?? "json";

  let includeBots = false;
  const bots = get("include_bots");
  if (bots !== undefined) {
    if (bots === "true" || bots === "false") includeBots = bots === "true";
    else problems.include_bots = "include_bots: use true or false.";
  }

  let windowDays = DEFAULT_WINDOW_DAYS;
  const windowText = get("window");
  if (windowText !== undefined) {
    // Days as a whole number; "7d" is accepted as the same.
    const match = /^(-?\d+)d?$/.exec(windowText);
    if (!match) problems.window = "window: give a whole number of days, e.g. 7.";
    else windowDays = Number(match[1]);
  }

  const range: FunnelRange = { date_from: get("date_from"), date_to: get("date_to") };
  Object.assign(problems, rangeProblems(range));

  let definition: TFunnelDefinition | null = null;
  if (!funnelId) {
    const stepTexts = params.getAll("steps").flatMap((value) => value.split(",")).map((s) => s.trim()).filter(Boolean);
    const steps = params.has("steps") ? stepTexts.map(parseStepText) : DEFAULT_STEPS.map((event) => ({ event }));
    const parsed = ZFunnelDefinitionSchema.safeParse({ steps, window_days: windowDays, count_by: countBy ?? "visitor", breakdown: breakdown ?? null });
    if (parsed.success) definition = parsed.data;
    else {
      for (const issue of parsed.error.issues) {
        const [field, index] = issue.path;
        const name = field === "window_days" ? "window" : field === "steps" && typeof index === "number" ? `steps.${index}` : String(field);
        // The enum fields were refused above in their own words.
        if (name === "count_by" || name === "breakdown") continue;
        problems[name] ??= startsWithName(name, issue.message);
      }
    }
  }
  if (Object.keys(problems).length > 0) refuse(problems);

  return { definition, funnelId, range: pickDefined(range), includeBots, format };
}

const pickDefined = (range: FunnelRange): FunnelRange =>
  Object.fromEntries(Object.entries(range).filter(([, value]) => value !== undefined)) as FunnelRange;

/** The query string of a funnel definition and range (the page's URL, the API link). */
export function funnelSearchParams(definition: TFunnelDefinition, range: FunnelRange = {}, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const step of definition.steps) params.append("steps", stepText(step));
  if (definition.window_days !== DEFAULT_WINDOW_DAYS) params.set("window", String(definition.window_days));
  if (definition.count_by !== "visitor") params.set("count_by", definition.count_by);
  if (definition.breakdown) params.set("breakdown", definition.breakdown);
  if (range.date_from) params.set("date_from", range.date_from);
  if (range.date_to) params.set("date_to", range.date_to);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params;
}
