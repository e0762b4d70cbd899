import { PERIODS, type Period } from "./periods";
import { ORDER_PARAMETERS, parseQuery, ZDouplusOrderQuerySchema, type TDouplusOrderQuery } from "./schema";
import { AppError } from "@/lib/errors";

// The DOU+ page's query string: the order list's parameters plus the leaderboard's period, read
// from a page's searchParams and written back for sort, page and CSV links.

export type PageSearchParams = Record<string, string | string[] | undefined>;

export type DouplusPageQuery = { orders: TDouplusOrderQuery; period: Period };

export function parseDouplusPage(search: PageSearchParams): DouplusPageQuery {
  const params = new URLSearchParams();
  let period: Period = "7d";
  for (const [name, value] of Object.entries(search)) {
    const one = Array.isArray(value) ? value[0] : value;
    if (one === undefined || one === "") continue;
    if (name === "period") {
      if (!(PERIODS as readonly string[]).includes(one)) throw AppError.field("period", `period: use one of ${PERIODS.join(", ")}.`);
      period = one as Period;
    } else params.set(name, one);
  }
  const allowed = ORDER_PARAMETERS.filter((p) => p !== "format");
  return { orders: parseQuery(ZDouplusOrderQuerySchema, params, allowed), period };
}

/** The page's query string with `change` applied; defaults are left out. */
export function douplusQueryString(query: DouplusPageQuery, change: Partial<TDouplusOrderQuery & { period: Period }> = {}): string {
  const merged = { ...query.orders, period: query.period, ...change };
  const defaults: Record<string, unknown> = { sort: "cost", direction: "desc", page: 1, page_size: 50, period: "7d" };
  const params = new URLSearchParams();
  for (const name of ["account", "status", "video", "date_from", "date_to", "sort", "direction", "page", "page_size", "period"] as const) {
    const value = merged[name];
    if (value !== undefined && value !== null && value !== "" && defaults[name] !== value) params.set(name, String(value));
  }
  return params.toString();
}
