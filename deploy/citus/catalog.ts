// What the distributed layout is derived from: the tables of the migrated schema as PostgreSQL
// reports them (pg_catalog), with their columns, keys and foreign keys. Partitions are folded
// into their parent, and Prisma's own bookkeeping table is left out.
import type { ClientBase } from "pg";

export type TKey = { name: string; columns: string[] };
export type TForeignKey = { name: string; columns: string[]; references: string; referencedColumns: string[] };
export type TTable = {
  name: string;
  partitionedBy: string | null;
  workspaceColumn: "required" | "nullable" | "absent";
  primaryKey: string[];
  uniqueKeys: TKey[];
  foreignKeys: TForeignKey[];
};

const TABLES = `
  SELECT c.oid, c.relname AS name,
         CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partitioned_by,
         (SELECT CASE WHEN a.attnotnull THEN 'required' ELSE 'nullable' END FROM pg_attribute a
           WHERE a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped) AS workspace_column
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'
   ORDER BY c.relname`;

// Unique indexes (primary keys and unique constraints are indexes too), columns in key order.
const INDEXES = `
  SELECT i.indrelid AS oid, ic.relname AS name, i.indisprimary AS is_primary, i.indexprs IS NOT NULL AS has_expressions,
         array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
   WHERE i.indisunique AND i.indrelid = ANY($1::oid[])
   ORDER BY ic.relname`;

const FOREIGN_KEYS = `
  SELECT con.conrelid AS oid, con.conname AS name, ref.relname AS references,
         array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
         array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS referenced_columns
    FROM pg_constraint con JOIN pg_class ref ON ref.oid = con.confrelid
   WHERE con.contype = 'f' AND con.conrelid = ANY($1::oid[]) AND con.conparentid = 0
   ORDER BY con.conname`;

export async function readCatalog(client: Pick<ClientBase, "query">): Promise<TTable[]> {
  const tables = (await client.query<{ oid: number; name: string; partitioned_by: string | null; workspace_column: "required" | "nullable" | null }>(TABLES)).rows;
  const oids = tables.map((t) => t.oid);
  const indexes = (await client.query<{ oid: number; name: string; is_primary: boolean; has_expressions: boolean; columns: string[] }>(INDEXES, [oids])).rows;
  const foreignKeys = (await client.query<{ oid: number; name: string; references: string; columns: string[]; referenced_columns: string[] }>(FOREIGN_KEYS, [oids])).rows;
  return tables.map((table) => {
    const own = indexes.filter((i) => i.oid === table.oid);
    return {
      name: table.name,
      partitionedBy: table.partitioned_by,
      workspaceColumn: table.workspace_column ?? "absent",
      primaryKey: own.find((i) => i.is_primary)?.columns ?? [],
      // An expression in a unique index shows as no column; keep it visible as "(expression)".
      uniqueKeys: own.filter((i) => !i.is_primary).map((i) => ({ name: i.name, columns: i.has_expressions ? [...i.columns, "(expression)"] : i.columns })),
      foreignKeys: foreignKeys
        .filter((f) => f.oid === table.oid)
        .map((f) => ({ name: f.name, columns: f.columns, references: f.references, referencedColumns: f.referenced_columns })),
    };
  });
}
