import { z } from "zod";
import { AppError } from "@/lib/errors";
import { boundsMessage, dayInBounds } from "@/lib/time/bounds";

// The customer list's query string, shared by the API, the CSV export and the page. Names and
// values are checked here so a mistake comes back as a 400 naming the parameter (and the valid
// values of an enum) before any query runs. The cohort page links to a cell's customers with
// cohort, grain, active_offset, segment and segment_value.

export const CUSTOMER_SORTS = ["last_order", "first_order", "net_sales", "orders", "predicted_ltv"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const SORT_ORDERS = ["desc", "asc"] as const;
export const COHORT_GRAINS = ["week", "month", "quarter"] as const;
export type CohortGrain = (typeof COHORT_GRAINS)[number];
/** The segment vocabulary of cohort_cells. */
export const SEGMENTS = ["all", "channel", "product_group", "product", "discount", "discount_code", "country", "tag"] as const;
export type Segment = (typeof SEGMENTS)[number];
export const CUSTOMER_FORMATS = ["json", "csv"] as const;

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
/** Offset paging reads and skips rows; past this, narrow the list with filters instead. */
export const MAX_OFFSET = 10_000;
const MAX_SEARCH = 320;
const MAX_ACTIVE_OFFSET = 1_000;

export const CUSTOMER_LIST_PARAMETERS = [
  "search", "sort", "order", "limit", "offset", "cohort", "grain", "active_offset", "segment", "segment_value", "format",
] as const;

export type CohortFilter = { cohort: string; grain: CohortGrain; activeOffset: number | null };
export type SegmentFilter = { segment: Segment; value: string };

export type CustomerListQuery = {
  search: string | null;
  sort: CustomerSort;
  order: (typeof SORT_ORDERS)[number];
  limit: number;
  offset: number;
  cohort: CohortFilter | null;
  segment: SegmentFilter | null;
  format: (typeof CUSTOMER_FORMATS)[number];
};

const bad = (name: string, message: string) => AppError.field(name, `${name}: ${message}`);

const oneOf = <T extends string>(name: string, values: readonly T[], given: string | null, fallback: T): T => {
  if (given === null) return fallback;
  if ((values as readonly string[]).includes(given)) return given as T;
  throw bad(name, `unknown value "${given}". Use one of: ${values.join(", ")}.`);
};

function wholeNumber(name: string, given: string | null, min: number, max: number, fallback: number | null): number | null {
  if (given === null) return fallback;
  if (!/^\d+$/.test(given) || Number(given) < min || Number(given) > max) throw bad(name, `give a whole number from ${min} to ${max}.`);
  return Number(given);
}

/** Whether a day is where a period of the grain starts: a Monday, a month's first, a quarter's first. */
export function startsPeriod(day: string, grain: CohortGrain): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  if (grain === "week") return date.getUTCDay() === 1;
  if (date.getUTCDate() !== 1) return false;
  return grain === "month" || date.getUTCMonth() % 3 === 0;
}

const PERIOD_START: Record<CohortGrain, string> = { week: "a Monday", month: "the first day of a month", quarter: "the first day of a quarter" };

function cohortFilter(get: (name: string) => string | null): CohortFilter | null {
  const cohort = get("cohort");
  const grainText = get("grain");
  const offsetText = get("active_offset");
  if (cohort === null) {
    if (grainText !== null) throw bad("grain", "give it with cohort=<YYYY-MM-DD>.");
    if (offsetText !== null) throw bad("active_offset", "give it with cohort=<YYYY-MM-DD> and grain.");
    return null;
  }
  if (!z.iso.date().safeParse(cohort).success) throw bad("cohort", "write the cohort's first day as YYYY-MM-DD.");
  if (!dayInBounds(cohort)) throw bad("cohort", boundsMessage());
  if (grainText === null) throw bad("grain", `give the cohort's period with it. Use one of: ${COHORT_GRAINS.join(", ")}.`);
  const grain = oneOf("grain", COHORT_GRAINS, grainText, "month");
  if (!startsPeriod(cohort, grain)) throw bad("cohort", `a ${grain} cohort is named by its first day, ${PERIOD_START[grain]}.`);
  return { cohort, grain, activeOffset: wholeNumber("active_offset", offsetText, 0, MAX_ACTIVE_OFFSET, null) };
}

function segmentFilter(get: (name: string) => string | null): SegmentFilter | null {
  const name = get("segment");
  const value = get("segment_value");
  if (name === null) {
    if (value !== null) throw bad("segment_value", `give it with segment. Use one of: ${SEGMENTS.join(", ")}.`);
    return null;
  }
  const segment = oneOf("segment", SEGMENTS, name, "all");
  if (segment === "all") {
    if (value !== null && value !== "all") throw bad("segment_value", 'the segment "all" has the one value "all".');
    return null;
  }
  if (value === null || value === "") throw bad("segment_value", `name the ${segment} to show.`);
  if (value.length > 200) throw bad("segment_value", "give at most 200 characters.");
  if (segment === "discount" && value !== "yes" && value !== "no") throw bad("segment_value", 'for segment=discount use "yes" or "no".');
  return { segment, value };
}

/** Reads a list query; unknown parameters, repeats and bad values are 400s naming the parameter. */
export function parseCustomerListQuery(params: URLSearchParams): CustomerListQuery {
  for (const name of new Set(params.keys())) {
    if (!(CUSTOMER_LIST_PARAMETERS as readonly string[]).includes(name)) {
      throw bad(name, `unknown query parameter. Use: ${CUSTOMER_LIST_PARAMETERS.join(", ")}.`);
    }
    if (params.getAll(name).length > 1) throw bad(name, "give it once.");
  }
  const get = (name: string) => {
    const value = params.get(name)?.trim();
    if (value?.includes("\u0000")) throw bad(name, "remove the NUL character.");
    return value === undefined || value === "" ? null : value;
  };
  const search = get("search");
  if (search !== null && search.length > MAX_SEARCH) throw bad("search", `search at most ${MAX_SEARCH} characters.`);
  return {
    search,
    sort: oneOf("sort", CUSTOMER_SORTS, get("sort"), "last_order"),
    order: oneOf("order", SORT_ORDERS, get("order"), "desc"),
    limit: wholeNumber("limit", get("limit"), 1, MAX_LIMIT, DEFAULT_LIMIT)!,
    offset: wholeNumber("offset", get("offset"), 0, MAX_OFFSET, 0)!,
    cohort: cohortFilter(get),
    segment: segmentFilter(get),
    format: oneOf("format", CUSTOMER_FORMATS, get("format"), "json"),
  };
}

/** The query string of a list query, defaults left out: for links between pages and to the CSV. */
export function customerListSearchParams(query: Partial<CustomerListQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.search) params.set("search", query.search);
  if (query.sort && query.sort !== "last_order") params.set("sort", query.sort);
  if (query.order && query.order !== "desc") params.set("order", query.order);
  if (query.limit && query.limit !== DEFAULT_LIMIT) params.set("limit", String(query.limit));
  if (query.offset) params.set("offset", String(query.offset));
  if (query.cohort) {
    params.set("cohort", query.cohort.cohort);
    params.set("grain", query.cohort.grain);
    if (query.cohort.activeOffset !== null) params.set("active_offset", String(query.cohort.activeOffset));
  }
  if (query.segment) {
    params.set("segment", query.segment.segment);
    params.set("segment_value", query.segment.value);
  }
  if (query.format && query.format !== "json") params.set("format", query.format);
  return params;
}
