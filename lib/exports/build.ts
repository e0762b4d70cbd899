import { Zip, ZipDeflate } from "fflate";
import type { PoolClient } from "pg";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { getPool } from "@/lib/db/pool";
import { exportTables, type ExportTable } from "./catalog";
import { exportLine } from "./csv";
import { EXCLUDED_TABLES, SEALED_NOTE } from "./tables";

// Builds a workspace export: every exported table read page by page in primary-key order (keyset
// pagination, never OFFSET), each page written as CSV into the zip as it is read, and the zip's
// output stored in chunks as it fills. Nothing holds a whole table or the whole file. All tables
// are read in one repeatable-read transaction, so the files agree with each other.

export const EXPORT_FORMAT = "signalboard-workspace-export/1";
export const PAGE_ROWS = 5_000;
export const CHUNK_BYTES = 1 << 20;

export type BuildOptions = { pageRows?: number; chunkBytes?: number; now?: () => Date };

export type Manifest = {
  format: string;
  workspace: { id: string; slug: string; name: string; currency: string; timeZone: string };
  generatedAt: string;
  tables: { name: string; file: string; rows: number; columns: string[]; omittedColumns: string[] }[];
  excluded: { name: string; reason: string }[];
  notes: string[];
};

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** One page of a table after `cursor` (the last row's key values), as text, key values last. */
async function readPage(client: PoolClient, table: ExportTable, workspaceId: string, cursor: string[] | null, limit: number) {
  const rest = table.key.filter((k) => k.name !== "workspace_id");
  const selected = [...table.columns.map((c) => `${quoteIdent(c.name)}::text`), ...rest.map((k) => `${quoteIdent(k.name)}::text`)];
  const params: unknown[] = [workspaceId];
  let after = "";
  if (cursor && rest.length > 0) {
    const placeholders = rest.map((k, i) => `$${i + 2}::${k.type}`);
    after = ` AND (${rest.map((k) => `src.${quoteIdent(k.name)}`).join(", ")}) > (${placeholders.join(", ")})`;
    params.push(...cursor);
  }
  // Qualified: a bare name in ORDER BY would mean the selected ::text column of that name.
  const order = rest.length > 0 ? ` ORDER BY ${rest.map((k) => `src.${quoteIdent(k.name)}`).join(", ")}` : "";
  const { rows } = await client.query<string[]>({
    text: `SELECT ${selected.join(", ")} FROM ${quoteIdent(table.name)} AS src WHERE src.workspace_id = $1${after}${order} LIMIT ${limit}`,
    values: params,
    rowMode: "array",
  });
  return { rows: rows.map((r) => r.slice(0, table.columns.length)), last: rows.length > 0 ? rows[rows.length - 1]!.slice(table.columns.length) : null, keyed: rest.length > 0 };
}

/** Collects the zip's output and stores it in chunks of about `chunkBytes`. */
function chunkStore(workspaceId: string, exportId: string, chunkBytes: number) {
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let bytes = 0;
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else if (data.length > 0) {
      pending.push(data);
      pendingBytes += data.length;
    }
  });
  async function flush(force: boolean) {
    if (failure) throw failure;
    if (pendingBytes === 0 || (!force && pendingBytes < chunkBytes)) return;
    const data = Buffer.concat(pending);
    pending.length = 0;
    pendingBytes = 0;
    await db.workspaceExportChunk.create({ data: { workspaceId, exportId, seq, data } });
    seq += 1;
    bytes += data.length;
  }
  return { zip, flush, totals: () => ({ chunks: seq, bytes }) };
}

export async function buildWorkspaceExport(workspaceId: string, exportId: string, options: BuildOptions = {}): Promise<Manifest> {
  const pageRows = options.pageRows ?? PAGE_ROWS;
  const now = options.now ?? (() => new Date());
  const where = { workspaceId_id: { workspaceId, id: exportId } };
  // A retried build starts over.
  await db.workspaceExportChunk.deleteMany({ where: { workspaceId, exportId } });
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { id: true, slug: true, name: true, currency: true, timeZone: true } });
  const store = chunkStore(workspaceId, exportId, options.chunkBytes ?? CHUNK_BYTES);
  const encoder = new TextEncoder();
  const client = await getPool().connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query("SET LOCAL TimeZone = 'UTC'");
    const tables = await exportTables(client);
    await db.workspaceExport.update({ where, data: { status: "running", startedAt: now(), tablesTotal: tables.length, tablesDone: 0, rowsDone: 0, error: null } });
    const manifest: Manifest = {
      format: EXPORT_FORMAT,
      workspace,
      generatedAt: now().toISOString(),
      tables: [],
      excluded: Object.entries(EXCLUDED_TABLES).map(([name, reason]) => ({ name, reason })),
      notes: [
        "One CSV per table, named after it: a header row of column names, then one line per row in primary-key order (RFC 4180, UTF-8, CRLF).",
        "Values are the database's own text forms: times in UTC, amounts as exact decimals beside their currency code, arrays and JSON as PostgreSQL writes them. An empty cell is NULL; \"\" is an empty string.",
        SEALED_NOTE,
        "Every table was read in one consistent snapshot.",
      ],
    };
    let rowsDone = 0;
    for (const [index, table] of tables.entries()) {
      // Keyset pagination needs the key; tests/exports/coverage.test.ts keeps every table keyed so.
      if (table.key[0]?.name !== "workspace_id") throw new Error(`Table ${table.name} has no primary key starting with workspace_id.`);
      await db.workspaceExport.update({ where, data: { currentTable: table.name, tablesDone: index, rowsDone } });
      const file = new ZipDeflate(`${table.name}.csv`, { level: 6 });
      store.zip.add(file);
      file.push(encoder.encode(exportLine(table.columns.map((c) => c.name))));
      let cursor: string[] | null = null;
      let rows = 0;
      for (;;) {
        const page = await readPage(client, table, workspaceId, cursor, pageRows);
        if (page.rows.length > 0) file.push(encoder.encode(page.rows.map((r) => exportLine(r)).join("")));
        rows += page.rows.length;
        await store.flush(false);
        if (page.rows.length < pageRows || !page.keyed) break;
        cursor = page.last;
      }
      file.push(new Uint8Array(0), true);
      rowsDone += rows;
      manifest.tables.push({ name: table.name, file: `${table.name}.csv`, rows, columns: table.columns.map((c) => c.name), omittedColumns: table.omitted });
    }
    await client.query("COMMIT");
    const manifestFile = new ZipDeflate("manifest.json", { level: 6 });
    store.zip.add(manifestFile);
    manifestFile.push(encoder.encode(JSON.stringify(manifest, null, 2)), true);
    store.zip.end();
    await store.flush(true);
    const { chunks, bytes } = store.totals();
    await db.workspaceExport.update({
      where,
      data: { status: "done", finishedAt: now(), currentTable: null, tablesDone: tables.length, rowsDone, chunks, bytes, manifest: manifest as unknown as Prisma.InputJsonValue },
    });
    return manifest;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
