import { inTransaction } from "@/lib/db/pool";
import { ADD_CONTRIBUTIONS_SQL, CREATE_DELTA_SQL } from "@/lib/customers/cohort-cells-sql";
import { readCells, type Cell, type CellQuery } from "./cells";

// Cohort cells of one tag's members only (a tag of lib/tags: an audience). cohort_cells hold every
// customer, so a tag's cells are summed at request time by the same statement that maintains them
// (lib/customers/cohort-cells-sql.ts), over the members with a customer profile, inside a
// transaction whose temporary tables go with it; then read exactly as cohort_cells are.

const SEED_MEMBERS_SQL = `
INSERT INTO affected_keys (customer_key)
SELECT pt.person_key FROM person_tags pt
JOIN customer_profiles cp ON cp.workspace_id = pt.workspace_id AND cp.customer_key = pt.person_key
WHERE pt.workspace_id = $1 AND pt.tag_id = $2`;

export async function readTaggedCells(tagId: string, query: Omit<CellQuery, "table" | "client">): Promise<Cell[]> {
  return inTransaction(async (client) => {
    await client.query(`${CREATE_DELTA_SQL}; DROP TABLE IF EXISTS affected_keys, tagged_cells; CREATE TEMP TABLE affected_keys (customer_key text PRIMARY KEY) ON COMMIT DROP`);
    await client.query(SEED_MEMBERS_SQL, [query.workspaceId, tagId]);
    await client.query(ADD_CONTRIBUTIONS_SQL, [query.workspaceId, 1]);
    await client.query("CREATE TEMP TABLE tagged_cells (LIKE cohort_cells) ON COMMIT DROP");
    await client.query(
      `INSERT INTO tagged_cells (workspace_id, grain, segment, segment_value, cohort, period_offset, customers, active_customers, orders,
                                 new_repeaters, net_sales, gross_profit, unconverted_events)
       SELECT $1::text, grain, segment, segment_value, cohort, period_offset, customers, active_customers, orders,
              new_repeaters, net_sales, gross_profit, unconverted_events
       FROM cohort_delta WHERE grain = $2`,
      [query.workspaceId, query.grain],
    );
    return readCells({ ...query, table: "tagged_cells", client });
  });
}
