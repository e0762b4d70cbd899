import { keyedHash } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { customerKeyOf } from "./customer-id";
import type { CohortFilter, CustomerListQuery, SegmentFilter } from "./query";

// Which customer_profiles rows a list query keeps, as SQL over the alias `p` ($1 is the workspace).
// A search finds one person: by email (through the same keyed hash ingest stores, so the address
// itself is never compared or kept), by a store customer id, or by the list's own customer id.

export type Where = { sql: string; params: unknown[] };

type Param = (value: unknown) => string;

const STORE_ID = /^\d{1,19}$/;

function searchCondition(search: string, param: Param): string {
  if (search.includes("@")) return `p.email_hash = ${param(keyedHash(search))}`;
  // Store ids are kept as "<connection id>:<store customer id>".
  if (STORE_ID.test(search)) return `EXISTS (SELECT 1 FROM unnest(p.store_ids) s WHERE split_part(s, ':', 2) = ${param(search)})`;
  const key = customerKeyOf(search);
  if (key !== null) return `p.customer_key = ${param(key)}`;
  throw AppError.field("search", "search: give an email address, a store customer id (digits) or a customer id from this list.");
}

const PERIOD: Record<CohortFilter["grain"], string> = { week: "1 week", month: "1 month", quarter: "3 months" };

/**
 * Members of a cohort (the period of their first order), and with an offset only those with an
 * order in the period that many periods after the cohort's.
 */
function cohortConditions({ cohort, grain, activeOffset }: CohortFilter, param: Param): string[] {
  const start = param(cohort);
  const conditions = [`p.first_day >= ${start}::date`, `p.first_day < (${start}::date + interval '${PERIOD[grain]}')::date`];
  if (activeOffset !== null) {
    const offset = param(activeOffset);
    conditions.push(`EXISTS (SELECT 1 FROM customer_events e
      WHERE e.workspace_id = $1 AND e.customer_key = p.customer_key AND e.is_order
        AND e.day >= (${start}::date + ${offset}::int * interval '${PERIOD[grain]}')::date
        AND e.day < (${start}::date + (${offset}::int + 1) * interval '${PERIOD[grain]}')::date)`);
  }
  return conditions;
}

/** A customer counts in every value it has (each first-order product, group, code and tag). */
function segmentCondition({ segment, value }: SegmentFilter, param: Param): string {
  switch (segment) {
    case "all":
      return "TRUE";
    case "channel":
      return `p.first_channel = ${param(value.toLowerCase())}`;
    case "product_group":
      return `${param(value)} = ANY(p.first_groups)`;
    case "product":
      return `${param(value)} = ANY(p.first_products)`;
    case "discount":
      return value === "yes" ? "cardinality(p.first_discount_codes) > 0" : "cardinality(p.first_discount_codes) = 0";
    case "discount_code":
      return `EXISTS (SELECT 1 FROM unnest(p.first_discount_codes) c WHERE lower(c) = lower(${param(value)}))`;
    case "country":
      return value.toLowerCase() === "unknown" ? "p.country IS NULL" : `p.country = ${param(value.toUpperCase())}`;
    case "tag":
      return `${param(value)} = ANY(p.tags)`;
  }
}

/** What a list reads: the filters, and the first local day the plan shows (null: every day). */
export type CustomerFilter = Pick<CustomerListQuery, "search" | "cohort" | "segment"> & { shownFrom: string | null };

export function customerWhere(workspaceId: string, query: CustomerFilter): Where {
  const params: unknown[] = [workspaceId];
  const param: Param = (value) => `$${params.push(value)}`;
  const conditions = ["p.workspace_id = $1"];
  // Someone whose every order is older than the plan shows is history it hides.
  if (query.shownFrom) conditions.push(`p.last_day >= ${param(query.shownFrom)}::date`);
  if (query.search) conditions.push(searchCondition(query.search, param));
  if (query.cohort) conditions.push(...cohortConditions(query.cohort, param));
  if (query.segment) conditions.push(segmentCondition(query.segment, param));
  return { sql: conditions.join(" AND "), params };
}
