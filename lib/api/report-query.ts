import { AppError } from "@/lib/errors";
import { ZReportFiltersSchema, ZReportRequestSchema, type TReportRequest } from "@/lib/metrics/report/schema";
import { parseInput } from "@/lib/validation";

// The reports API takes its request as a query string (so a report is a bookmarkable GET); this
// turns one into the shape ZReportRequestSchema validates, and names query parameters (not
// internal paths such as "filters.platform.0") in every error.

export const REPORT_FORMATS = ["json", "csv"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const FILTER_PARAMETERS = Object.keys(ZReportFiltersSchema.shape) as (keyof typeof ZReportFiltersSchema.shape)[];

const SINGLE_PARAMETERS = ["date_from", "date_to", "group_by", "compare", "period", "tag", "format"] as const;

/** Every query parameter a report endpoint reads, in the order the documentation lists them. */
export const REPORT_QUERY_PARAMETERS: readonly string[] = ["date_from", "date_to", "metrics", "group_by", "compare", "period", ...FILTER_PARAMETERS, "tag", "format"];

export type ReportQuery = { request: TReportRequest; format: ReportFormat };

/** "a, b,,c" -> ["a", "b", "c"]; a parameter given twice adds to the list. */
function listOf(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
}

function fieldError(fields: Record<string, string>): AppError {
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");
  return new AppError("bad_request", `Invalid query parameter (${summary})`, { fields });
}

/** The query parameter behind a validation path: "filters.platform.0" -> "platform", "metrics.2" -> "metrics". */
export function queryParameterOf(path: string): string {
  const [head, next] = path.split(".");
  return head === "filters" && next ? next : head!;
}

/** Re-keys a validation error by query parameter; any other error passes through unchanged. */
export function asQueryError(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== "bad_request" || !error.fields) return error;
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(error.fields)) fields[queryParameterOf(path)] ??= message;
  // Messages that list valid values (e.g. metric ids) are worth more than the short summary.
  const detailed = Object.keys(fields).length === 1 && !error.message.startsWith("Invalid input") ? error.message : null;
  return detailed ? new AppError("bad_request", detailed, { fields }) : fieldError(fields);
}

/**
 * Reads a report request from `params`. `extraParameters` are names the route itself consumes
 * (e.g. `workspace`); anything else unknown is refused, so a typo such as `metric=` is an error
 * rather than a silently different report.
 */
export function parseReportQuery(params: URLSearchParams, extraParameters: readonly string[] = []): ReportQuery {
  const known = new Set([...REPORT_QUERY_PARAMETERS, ...extraParameters]);
  const unknown: Record<string, string> = {};
  for (const name of new Set(params.keys())) {
    if (!known.has(name)) unknown[name] = `Unknown query parameter "${name}". Use: ${REPORT_QUERY_PARAMETERS.join(", ")}.`;
  }
  for (const name of SINGLE_PARAMETERS) {
    if (params.getAll(name).length > 1) unknown[name] = `Give ${name} once.`;
  }
  if (Object.keys(unknown).length > 0) throw fieldError(unknown);

  const single = (name: (typeof SINGLE_PARAMETERS)[number]) => params.get(name)?.trim() || undefined;
  const format = single("format") ?? "json";
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw fieldError({ format: `Use format=${REPORT_FORMATS.join(" or format=")}.` });
  }

  const filters: Record<string, string[]> = {};
  for (const name of FILTER_PARAMETERS) {
    const values = listOf(params, name);
    if (values.length > 0) filters[name] = values;
  }
  const input = {
    date_from: single("date_from"),
    date_to: single("date_to"),
    metrics: listOf(params, "metrics"),
    group_by: single("group_by"),
    compare: single("compare"),
    period: single("period"),
    filters,
    ...(single("tag") ? { tag: single("tag") } : {}),
  };
  try {
    // Validated here too, so the caller's mistakes are named as query parameters before any work.
    parseInput(ZReportRequestSchema, input);
  } catch (error) {
    throw asQueryError(error);
  }
  return { request: input as TReportRequest, format: format as ReportFormat };
}
