"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { localTime } from "@/lib/time/zone";
import { comparisonRange, parseRangeParams, periodOf, rangeToParams, resolveRange, type RangeSelection } from "@/lib/dashboards/date-range";

/**
 * The dashboard's range lives in the URL. Changing it replaces only the query string through the
 * history API (which Next.js keeps useSearchParams in step with), so widgets refetch in the
 * browser instead of re-rendering the whole page on the server.
 */
export function useRange(timeZone: string) {
  const params = useSearchParams();
  const selection = useMemo(() => parseRangeParams(new URLSearchParams(params.toString())), [params]);
  const range = useMemo(() => resolveRange(selection, timeZone), [selection, timeZone]);
  const period = periodOf(selection.preset);
  const compareRange = useMemo(() => comparisonRange(range, selection.compare, period), [range, selection.compare, period]);
  // Today is compared until the same local time on the comparison day, as the reports do.
  const compareUntil = compareRange && period === "today" ? localTime(new Date(), timeZone) : null;
  // The dashboard's tag filter (a tag's id) lives in the URL beside the range; each keeps the other.
  const tag = params.get("tag") || null;
  const setSelection = useCallback((next: RangeSelection) => {
    window.history.pushState(null, "", rangeQuery(next, tag));
  }, [tag]);
  const setTag = useCallback((next: string | null) => {
    window.history.pushState(null, "", rangeQuery(selection, next));
  }, [selection]);
  return { selection, range, compareRange, compareUntil, period, setSelection, tag, setTag };
}

/** The current range's (and tag filter's) query string, to carry them across links between dashboards. */
export function rangeQuery(selection: RangeSelection, tag: string | null = null): string {
  const params = rangeToParams(selection);
  if (tag) params.set("tag", tag);
  return `?${params.toString()}`;
}
