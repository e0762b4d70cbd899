import { AppError } from "@/lib/errors";
import { comparisonRange } from "./periods";
import type { TParsedReportRequest } from "./schema";

// Reports end today (in the workspace time zone): no day after it has happened. A range reaching
// past today is cut at today and says so, rather than refused, because a saved link or a custom
// range made days ago should still open; one that starts after today has nothing to show.

export function clampToToday(request: TParsedReportRequest, today: string, timeZone: string): { request: TParsedReportRequest; warning: string | null } {
  if (request.date_to <= today) return { request, warning: null };
  if (request.date_from > today) {
    throw AppError.field("date_from", `date_from ${request.date_from} is after today (${today} in ${timeZone}); a report covers days up to today.`);
  }
  return {
    request: { ...request, date_to: today },
    warning: `date_to ${request.date_to} is after today; the report ends today (${today} in ${timeZone}).`,
  };
}

/**
 * Cuts a report to the days the workspace's plan shows (`window.earliest` on) and says so: a range
 * partly older starts at the earliest day, a comparison reaching older days is left out, and a
 * range wholly older is refused (402), as there is nothing the plan shows in it.
 */
export function clampToHistory(request: TParsedReportRequest, window: { earliest: string; note: string } | null): { request: TParsedReportRequest; warnings: string[] } {
  if (!window) return { request, warnings: [] };
  const { earliest, note } = window;
  if (request.date_to < earliest) throw new AppError("payment_required", `This range ends before ${earliest}. ${note}`);
  const warnings: string[] = [];
  let clamped = request;
  if (request.date_from < earliest) {
    // A named period cut short is no longer that period: its comparison is taken as a custom range's.
    clamped = { ...request, date_from: earliest, period: "custom" };
    warnings.push(`The report starts on ${earliest} instead of ${request.date_from}. ${note}`);
  }
  const compared = comparisonRange(clamped.compare, clamped.date_from, clamped.date_to, clamped.period);
  if (compared && compared.date_from < earliest) {
    clamped = { ...clamped, compare: "none" };
    warnings.push(`The comparison (${compared.date_from} to ${compared.date_to}) reaches before ${earliest}, so it is left out. ${note}`);
  }
  return { request: clamped, warnings };
}
