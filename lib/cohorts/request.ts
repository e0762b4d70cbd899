import { z } from "zod";
import { AppError } from "@/lib/errors";
import { TAG_PARAMETER, TAG_PARAMETER_MESSAGE } from "@/lib/tags/parameter";
import { boundsMessage, dayInBounds } from "@/lib/time/bounds";
import { COHORT_GRAINS, type CohortGrain } from "./periods";

// What a cohort report asks for, read from a query string (the API, the page's URL, a widget's
// stored config). Every refusal names the parameter and lists what it accepts.

/** Ways to split customers, as cohort_cells keys them ("all" is every customer). */
export const COHORT_SEGMENTS = ["channel", "product_group", "product", "discount", "discount_code", "country", "tag"] as const;
export type CohortSegment = (typeof COHORT_SEGMENTS)[number];

export const COHORT_METRICS = [
  "customers",
  "active_customers",
  "retention",
  "orders",
  "orders_per_customer",
  "repeat_rate",
  "ltv",
  "gross_profit_per_customer",
  "net_sales",
  "aov",
] as const;
export type CohortMetric = (typeof COHORT_METRICS)[number];

export const COHORT_FORMATS = ["json", "csv"] as const;
export type CohortFormat = (typeof COHORT_FORMATS)[number];

export type CohortRequest = {
  period: CohortGrain;
  metric: CohortMetric;
  /** First orders from the period holding date_from through date_to (local days); defaults below. */
  date_from?: string;
  date_to?: string;
  /** Only customers with this segment value (one filter). */
  segment?: CohortSegment;
  segment_value?: string;
  /** Only customers who have this tag of ours now (a tag's id, lib/tags): the audience's cohorts. */
  tag?: string;
  /** Rows per value of this segment instead of per cohort period. */
  cohort_by?: CohortSegment;
};

export const DEFAULT_COHORT_REQUEST: CohortRequest = { period: "month", metric: "retention" };

export const COHORT_QUERY_PARAMETERS = ["period", "metric", "date_from", "date_to", "segment", "segment_value", "cohort_by", "tag", "format"] as const;

const MAX_SEGMENT_VALUE = 300;

/** Cohort periods shown when date_from is not given, per grain. */
export const DEFAULT_COHORTS: Record<CohortGrain, number> = { week: 12, month: 12, quarter: 8 };

function refuse(fields: Record<string, string>): never {
  const message = Object.entries(fields)
    .map(([field, text]) => `${field}: ${text}`)
    .join("; ");
  throw new AppError("bad_request", Object.keys(fields).length === 1 ? Object.values(fields)[0]! : `Invalid query parameters (${message})`, { fields });
}

const oneOf = <T extends string>(name: string, value: string, valid: readonly T[]): string | null =>
  (valid as readonly string[]).includes(value) ? null : `${name}: unknown value "${value}". Use one of: ${valid.join(", ")}.`;

/**
 * Reads a cohort request from query parameters; `extra` are names the caller consumes itself.
 * Unknown parameters are refused, so a typo is an error rather than a silently different report.
 */
export function parseCohortQuery(params: URLSearchParams, extra: readonly string[] = []): { request: CohortRequest; format: CohortFormat } {
  const problems: Record<string, string> = {};
  const known = new Set<string>([...COHORT_QUERY_PARAMETERS, ...extra]);
  for (const name of new Set(params.keys())) {
    if (!known.has(name)) problems[name] = `Unknown query parameter "${name}". Use: ${COHORT_QUERY_PARAMETERS.join(", ")}.`;
    else if (params.getAll(name).length > 1 && !extra.includes(name)) problems[name] = `Give ${name} once.`;
  }
  if (Object.keys(problems).length > 0) refuse(problems);

  const get = (name: string) => params.get(name)?.trim() || undefined;
  const enumOf = <T extends string>(name: string, valid: readonly T[], fallback?: T): T | undefined => {
    const value = get(name);
    if (value === undefined) return fallback;
    const problem = oneOf(name, value, valid);
    if (problem) problems[name] = problem;
    return value as T;
  };
  const period = enumOf("period", COHORT_GRAINS, "month")!;
  const metric = enumOf("metric", COHORT_METRICS, "retention")!;
  const segment = enumOf("segment", COHORT_SEGMENTS);
  const cohortBy = enumOf("cohort_by", COHORT_SEGMENTS);
  const format = enumOf("format", COHORT_FORMATS, "json")!;
  const segmentValue = get("segment_value");
  const tag = get("tag");
  if (tag !== undefined && !TAG_PARAMETER.test(tag)) problems.tag = TAG_PARAMETER_MESSAGE;

  const dates: Record<"date_from" | "date_to", string | undefined> = { date_from: get("date_from"), date_to: get("date_to") };
  for (const [name, value] of Object.entries(dates)) {
    if (value === undefined) continue;
    if (!z.iso.date().safeParse(value).success) problems[name] = `${name} must be a date written YYYY-MM-DD.`;
    else if (!dayInBounds(value)) problems[name] = `${name}: ${boundsMessage()}`;
  }
  if (!problems.date_from && !problems.date_to && dates.date_from && dates.date_to && dates.date_from > dates.date_to) {
    problems.date_to = "date_to is before date_from.";
  }
  if (segment && !segmentValue) problems.segment_value = `segment_value: name the ${segment} to keep (segment=${segment} needs a segment_value).`;
  if (segmentValue && !segment) problems.segment = `segment: name what segment_value is. Use one of: ${COHORT_SEGMENTS.join(", ")}.`;
  if (segmentValue && segmentValue.length > MAX_SEGMENT_VALUE) problems.segment_value = `segment_value: at most ${MAX_SEGMENT_VALUE} characters.`;
  if (segment && cohortBy && segment !== cohortBy && !problems.segment && !problems.cohort_by) {
    // cohort_cells keep one segment per row, so customers cannot be split by one and filtered by another.
    problems.cohort_by = `cohort_by: with segment=${segment}, cohort_by can only be ${segment} (or left out).`;
  }
  if (Object.keys(problems).length > 0) refuse(problems);

  const request: CohortRequest = { period, metric };
  if (dates.date_from) request.date_from = dates.date_from;
  if (dates.date_to) request.date_to = dates.date_to;
  if (segment) {
    request.segment = segment;
    request.segment_value = segmentValue!;
  }
  if (cohortBy) request.cohort_by = cohortBy;
  if (tag) request.tag = tag;
  return { request, format };
}

/** The query string of a request (only what differs from the defaults, plus what is set). */
export function cohortSearchParams(request: CohortRequest, format?: CohortFormat): URLSearchParams {
  const params = new URLSearchParams({ period: request.period, metric: request.metric });
  for (const name of ["date_from", "date_to", "segment", "segment_value", "cohort_by", "tag"] as const) {
    const value = request[name];
    if (value) params.set(name, value);
  }
  if (format && format !== "json") params.set("format", format);
  return params;
}
