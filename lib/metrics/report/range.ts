import { AppError } from "@/lib/errors";
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
