import type { PoolClient } from "pg";
import { getPool } from "@/lib/db/pool";
import { parseDecimal } from "@/lib/metrics/definitions/decimal";
import type { CellSums } from "./curves";
import type { CohortGrain } from "./periods";
import type { CohortSegment } from "./request";

// Reading cohort_cells: the only table a cohort report reads its customers from (never orders).
// Rows come by the primary key's prefix (workspace, grain, segment, value, cohort).

/** How many values of a segment a report splits into at most (the largest by cohort size). */
export const MAX_SEGMENT_ROWS = 50;

type CellRow = {
  segment_value: string;
  cohort: string;
  period_offset: number;
  customers: number;
  active_customers: number;
  orders: number;
  new_repeaters: number;
  net_sales: string;
  gross_profit: string;
  unconverted_events: number;
};

export type Cell = { segmentValue: string; cohort: string; offset: number; sums: CellSums };

export type CellQuery = {
  workspaceId: string;
  grain: CohortGrain;
  /** "all", or the segment whose values are read. */
  segment: "all" | CohortSegment;
  /** One value of the segment; null reads the largest MAX_SEGMENT_ROWS values. */
  segmentValue: string | null;
  fromCohort: string;
  toCohort: string;
  /** Where the cells are: cohort_cells, or a temporary table of the same columns on `client` (./tagged-cells.ts). */
  table?: "cohort_cells" | "tagged_cells";
  client?: PoolClient;
};

const COLUMNS = `segment_value, to_char(cohort, 'YYYY-MM-DD') AS cohort, period_offset, customers, active_customers, orders,
  new_repeaters, net_sales::text AS net_sales, gross_profit::text AS gross_profit, unconverted_events`;

export async function readCells(query: CellQuery): Promise<Cell[]> {
  const { workspaceId, grain, segment, segmentValue, fromCohort, toCohort } = query;
  const table = query.table ?? "cohort_cells";
  const runner = query.client ?? getPool();
  const base = [workspaceId, grain, segment, fromCohort, toCohort];
  const result =
    segment === "all" || segmentValue !== null
      ? await runner.query<CellRow>(
          `SELECT ${COLUMNS} FROM ${table}
           WHERE workspace_id = $1 AND grain = $2 AND segment = $3 AND segment_value = $6 AND cohort BETWEEN $4::date AND $5::date`,
          [...base, segment === "all" ? "all" : segmentValue],
        )
      : await runner.query<CellRow>(
          `WITH top AS (
             SELECT segment_value FROM ${table}
             WHERE workspace_id = $1 AND grain = $2 AND segment = $3 AND cohort BETWEEN $4::date AND $5::date AND period_offset = 0
             GROUP BY segment_value ORDER BY sum(customers) DESC, segment_value LIMIT ${MAX_SEGMENT_ROWS}
           )
           SELECT ${COLUMNS} FROM ${table}
           WHERE workspace_id = $1 AND grain = $2 AND segment = $3 AND cohort BETWEEN $4::date AND $5::date
             AND segment_value IN (SELECT segment_value FROM top)`,
          base,
        );
  return result.rows.map((row) => ({
    segmentValue: row.segment_value,
    cohort: row.cohort,
    offset: row.period_offset,
    sums: {
      customers: row.customers,
      activeCustomers: row.active_customers,
      orders: row.orders,
      newRepeaters: row.new_repeaters,
      netSales: parseDecimal(row.net_sales),
      grossProfit: parseDecimal(row.gross_profit),
      unconvertedEvents: row.unconverted_events,
    },
  }));
}

export type SegmentValue = { value: string; customers: number };

/**
 * The values each segment has among the workspace's customers (monthly cohorts, every cohort), the
 * largest first: what a segment filter can be set to.
 */
export async function segmentValues(workspaceId: string, limit = 200): Promise<Map<CohortSegment, SegmentValue[]>> {
  const result = await getPool().query<{ segment: CohortSegment; segment_value: string; customers: string }>(
    `SELECT segment, segment_value, customers::text AS customers FROM (
       SELECT segment, segment_value, sum(customers) AS customers,
              row_number() OVER (PARTITION BY segment ORDER BY sum(customers) DESC, segment_value) AS rank
       FROM cohort_cells WHERE workspace_id = $1 AND grain = 'month' AND segment <> 'all' AND period_offset = 0
       GROUP BY segment, segment_value
     ) ranked WHERE rank <= $2 ORDER BY segment, rank`,
    [workspaceId, limit],
  );
  const values = new Map<CohortSegment, SegmentValue[]>();
  for (const row of result.rows) {
    if (!values.has(row.segment)) values.set(row.segment, []);
    values.get(row.segment)!.push({ value: row.segment_value, customers: Number(row.customers) });
  }
  return values;
}

/** Whether any cohort exists for the workspace (its customers have been built from orders). */
export async function hasCohorts(workspaceId: string): Promise<boolean> {
  const result = await getPool().query(`SELECT 1 FROM cohort_cells WHERE workspace_id = $1 LIMIT 1`, [workspaceId]);
  return result.rows.length > 0;
}
