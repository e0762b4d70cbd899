import { z } from "zod";
import { AppError } from "@/lib/errors";
import { addDays } from "@/lib/time/zone";
import { boundsMessage, dayInBounds } from "@/lib/time/bounds";
import { EXCEPTION_REASONS, isExceptionReason, type ExceptionReason } from "./reasons";

// The exception list's query string, shared by the API and the page. Every mistake is a 400 naming
// the parameter before any query runs.

export const EXCEPTION_FORMATS = ["json", "csv"] as const;
export const EXCEPTION_LIST_PARAMETERS = ["reason", "status", "date_from", "date_to", "limit", "offset", "format"] as const;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
export const MAX_OFFSET = 10_000;
/** Without dates: the 30 days ending today, in the workspace's zone. */
export const DEFAULT_DAYS = 30;
const STATUS = /^[a-z][a-z_-]{0,39}$/;

export type ExceptionListQuery = {
  reasons: ExceptionReason[];
  /** Financial statuses, lower-case. */
  statuses: string[];
  dateFrom: string;
  dateTo: string;
  limit: number;
  offset: number;
  format: (typeof EXCEPTION_FORMATS)[number];
};

const bad = (name: string, message: string) => AppError.field(name, `${name}: ${message}`);

function day(name: string, given: string | null, fallback: string): string {
  if (given === null) return fallback;
  if (!z.iso.date().safeParse(given).success) throw bad(name, "write the day as YYYY-MM-DD.");
  if (!dayInBounds(given)) throw bad(name, boundsMessage());
  return given;
}

function wholeNumber(name: string, given: string | null, min: number, max: number, fallback: number): number {
  if (given === null) return fallback;
  if (!/^\d+$/.test(given) || Number(given) < min || Number(given) > max) throw bad(name, `give a whole number from ${min} to ${max}.`);
  return Number(given);
}

/** A comma-separated list: "a,b". */
const listOf = (given: string | null) => (given === null ? [] : [...new Set(given.split(",").map((v) => v.trim()).filter((v) => v !== ""))]);

/** Reads a list query against the workspace's local today. */
export function parseExceptionListQuery(params: URLSearchParams, today: string): ExceptionListQuery {
  for (const name of new Set(params.keys())) {
    if (!(EXCEPTION_LIST_PARAMETERS as readonly string[]).includes(name)) {
      throw bad(name, `unknown query parameter. Use: ${EXCEPTION_LIST_PARAMETERS.join(", ")}.`);
    }
    if (params.getAll(name).length > 1) throw bad(name, "give it once (several values are comma-separated).");
  }
  const get = (name: string) => {
    const value = params.get(name)?.trim();
    if (value?.includes("\u0000")) throw bad(name, "remove the NUL character.");
    return value === undefined || value === "" ? null : value;
  };
  const reasons = listOf(get("reason"));
  const unknown = reasons.find((r) => !isExceptionReason(r));
  if (unknown !== undefined) throw bad("reason", `unknown reason "${unknown}". Use one or more of: ${EXCEPTION_REASONS.join(", ")}.`);
  const statuses = listOf(get("status")).map((s) => s.toLowerCase());
  const badStatus = statuses.find((s) => !STATUS.test(s));
  if (badStatus !== undefined) throw bad("status", `"${badStatus}" is not a financial status: letters, "_" and "-" only, e.g. pending, paid, refunded.`);
  if (statuses.length > 20) throw bad("status", "give at most 20 statuses.");
  const dateTo = day("date_to", get("date_to"), today);
  const dateFrom = day("date_from", get("date_from"), addDays(dateTo, -(DEFAULT_DAYS - 1)));
  if (dateFrom > dateTo) throw bad("date_to", "the range ends before it starts.");
  const format = get("format") ?? "json";
  if (!(EXCEPTION_FORMATS as readonly string[]).includes(format)) throw bad("format", `unknown value "${format}". Use one of: ${EXCEPTION_FORMATS.join(", ")}.`);
  return {
    reasons: reasons as ExceptionReason[],
    statuses,
    dateFrom,
    dateTo,
    limit: wholeNumber("limit", get("limit"), 1, MAX_LIMIT, DEFAULT_LIMIT),
    offset: wholeNumber("offset", get("offset"), 0, MAX_OFFSET, 0),
    format: format as ExceptionListQuery["format"],
  };
}
