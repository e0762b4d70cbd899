import { z } from "zod";
import { AppError } from "@/lib/errors";
import { boundsMessage, dayInBounds } from "@/lib/time/bounds";
import { addDays } from "@/lib/time/zone";

// The pipeline report's query string, shared by the page, the widget and the API: every mistake
// is a 400 naming the parameter before anything is read.

export const PIPELINE_PARAMETERS = ["date_from", "date_to"] as const;
/** The default range: the last quarter, as B2B deals take weeks to months to close. */
export const PIPELINE_DEFAULT_DAYS = 90;
export const PIPELINE_MAX_DAYS = 731;

export type TPipelineQuery = { dateFrom: string; dateTo: string };

const bad = (name: string, message: string) => AppError.field(name, `${name}: ${message}`);

function day(name: string, given: string | undefined, fallback: string): string {
  const value = given?.trim();
  if (!value) return fallback;
  if (!z.iso.date().safeParse(value).success) throw bad(name, "write the day as YYYY-MM-DD.");
  if (!dayInBounds(value)) throw bad(name, boundsMessage());
  return value;
}

/** Reads the query against the workspace's local today. */
export function parsePipelineQuery(params: URLSearchParams, today: string): TPipelineQuery {
  for (const name of new Set(params.keys())) {
    if (!(PIPELINE_PARAMETERS as readonly string[]).includes(name)) throw bad(name, `unknown query parameter. Use: ${PIPELINE_PARAMETERS.join(", ")}.`);
    if (params.getAll(name).length > 1) throw bad(name, "give it once.");
  }
  const dateTo = day("date_to", params.get("date_to") ?? undefined, today);
  const dateFrom = day("date_from", params.get("date_from") ?? undefined, addDays(dateTo, -(PIPELINE_DEFAULT_DAYS - 1)));
  if (dateFrom > dateTo) throw bad("date_to", "the range ends before it starts.");
  if (addDays(dateFrom, PIPELINE_MAX_DAYS - 1) < dateTo) throw bad("date_from", `a report covers at most ${PIPELINE_MAX_DAYS} days.`);
  return { dateFrom, dateTo };
}
