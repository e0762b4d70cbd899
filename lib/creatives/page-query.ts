import { CREATIVE_SORTS, type TCreativeQuery } from "./schema";

// The creative table page keeps its state in the URL under the API's own parameter names, so a
// bookmark, a sort link and the CSV export all carry one and the same query.

export type PageSearchParams = Record<string, string | string[] | undefined>;
export type CreativeSort = (typeof CREATIVE_SORTS)[number];

/**
 * The page's query string as the API reads it: the first value of each parameter, blanks left
 * out (a filter left at "all" submits an empty value), the date range defaulted.
 */
export function creativeSearchParams(raw: PageSearchParams, defaults: { date_from: string; date_to: string }): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(raw)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first.trim() !== "") params.set(name, first);
  }
  for (const [name, value] of Object.entries(defaults)) if (!params.has(name)) params.set(name, value);
  return params;
}

/** A query written back as parameters, with changes applied; defaults are left out to keep links short. */
export function creativeQueryString(query: TCreativeQuery, changes: Partial<Pick<TCreativeQuery, "sort" | "direction" | "format">> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams({ date_from: next.date_from, date_to: next.date_to });
  if (next.platform.length) params.set("platform", next.platform.join(","));
  if (next.campaign.length) params.set("campaign", next.campaign.join(","));
  if (next.sort !== "spend") params.set("sort", next.sort);
  if (next.direction !== "desc") params.set("direction", next.direction);
  if (next.format !== "json") params.set("format", next.format);
  return params.toString();
}

/**
 * What a column's header link does: the current column turns around; another starts from its
 * most useful end (names A to Z, figures largest first).
 */
export function sortAfterClick(query: TCreativeQuery, column: CreativeSort): Pick<TCreativeQuery, "sort" | "direction"> {
  if (column === query.sort) return { sort: column, direction: query.direction === "asc" ? "desc" : "asc" };
  return { sort: column, direction: column === "name" ? "asc" : "desc" };
}

/** A thumbnail the page may load: https or an inline image only, so nothing else is fetched or run. */
export function displayableThumbnail(url: string | null): string | null {
  if (url === null) return null;
  return url.startsWith("https://") || url.startsWith("data:image/") ? url : null;
}
