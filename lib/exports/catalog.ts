import type { PoolClient } from "pg";
import { getPool } from "@/lib/db/pool";
import { EXPORTED_TABLES, omittedColumn } from "./tables";

// The tenant tables as the database has them (the same rule workspace deletion uses: a table with
// a workspace_id column), with each one's columns and primary key, so the export follows the
// schema without a list to keep in step. Partitions are read through their parent.

export type ExportColumn = { name: string; type: string };
export type ExportTable = { name: string; columns: ExportColumn[]; omitted: string[]; key: ExportColumn[] };

type Queryable = Pick<PoolClient, "query">;

/** Every table (not partition) of the current schema with a workspace_id column, but workspaces. */
export async function tenantTableNames(client: Queryable = getPool()): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'workspaces'
     ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}

/** The exported tables that exist, in name order, with the columns written and the keyset key. */
export async function exportTables(client: Queryable = getPool()): Promise<ExportTable[]> {
  const names = (await tenantTableNames(client)).filter((name) => EXPORTED_TABLES.includes(name));
  const { rows } = await client.query<{ table: string; name: string; type: string; key_position: number | null }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       array_position(i.indkey::int2[], a.attnum) AS key_position
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
     WHERE c.relname = ANY($1::text[])
     ORDER BY c.relname, a.attnum`,
    [names],
  );
  return names.map((name) => {
    const all = rows.filter((r) => r.table === name);
    const key = all.filter((r) => r.key_position !== null).sort((a, b) => a.key_position! - b.key_position!);
    return {
      name,
      columns: all.filter((c) => !omittedColumn(name, c.name)).map(({ name, type }) => ({ name, type })),
      omitted: all.filter((c) => omittedColumn(name, c.name)).map((c) => c.name),
      key: key.map(({ name, type }) => ({ name, type })),
    };
  });
}
