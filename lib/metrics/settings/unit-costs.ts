import { recordAudit } from "@/lib/audit/record";
import Papa from "papaparse";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { formatDecimal, parseDecimal } from "../definitions/decimal";
import { requestRollupRebuild } from "../rollups/rebuild-requests";

// Unit cost overrides, by SKU or by line item title, in the store's currency. They win over the
// cost the store reports (product_variants.unit_cost) when COGS is computed. Costs stay decimal
// strings from the form or file to the numeric column: never a JS float.

export const UNIT_COST_FIELDS = ["sku", "title"] as const;
export type UnitCostField = (typeof UNIT_COST_FIELDS)[number];

const COST = /^\d{1,16}(\.\d{1,4})?$/;
const COST_MESSAGE = "Enter a cost of 0 or more with at most 4 decimals, like 12.50.";

const ZField = z.enum(UNIT_COST_FIELDS, "Choose SKU or title.");
const ZValue = z.string("Enter a SKU or title.").trim().min(1, "Enter a SKU or title.").max(255, "At most 255 characters.").transform((v) => v.toLowerCase());
const ZCost = z.string(COST_MESSAGE).trim().regex(COST, COST_MESSAGE);

export const ZUnitCostKeySchema = z.object({ field: ZField, value: ZValue });
export const ZUnitCostSchema = ZUnitCostKeySchema.extend({ unitCost: ZCost });
export type TUnitCost = z.infer<typeof ZUnitCostSchema>;

export type UnitCostView = { field: UnitCostField; value: string; unitCost: string; storeUnitCost: string | null; updatedAt: Date };

/** "12.5000" (numeric text) -> "12.50": exact, trailing zeros beyond cents dropped. */
const money = (text: string) => formatDecimal(parseDecimal(text));

/**
 * The overrides, each beside what the store itself reports for that SKU (a SKU sold in several
 * variants with different costs shows the lowest and highest).
 */
export async function listUnitCosts(workspaceId: string): Promise<UnitCostView[]> {
  const rows = await db.$queryRaw<{ field: string; value: string; unit_cost: string; store_min: string | null; store_max: string | null; updated_at: Date }[]>`
    SELECT c.field, c.value, c.unit_cost::text AS unit_cost, c.updated_at,
           s.store_min::text AS store_min, s.store_max::text AS store_max
    FROM unit_costs c
    LEFT JOIN LATERAL (
      SELECT min(v.unit_cost) AS store_min, max(v.unit_cost) AS store_max FROM product_variants v
      WHERE v.workspace_id = c.workspace_id AND c.field = 'sku' AND lower(v.sku) = c.value
    ) s ON true
    WHERE c.workspace_id = ${workspaceId}
    ORDER BY c.field, c.value`;
  return rows.map((r) => ({
    field: r.field as UnitCostField,
    value: r.value,
    unitCost: money(r.unit_cost),
    storeUnitCost: r.store_min === null ? null : r.store_min === r.store_max ? money(r.store_min) : `${money(r.store_min)}–${money(r.store_max!)}`,
    updatedAt: r.updated_at,
  }));
}

export async function setUnitCost(workspaceId: string, input: unknown): Promise<TUnitCost> {
  const cost = parseInput(ZUnitCostSchema, input);
  await db.unitCost.upsert({
    where: { workspaceId_field_value: { workspaceId, field: cost.field, value: cost.value } },
    create: { workspaceId, ...cost },
    update: { unitCost: cost.unitCost },
  });
  await recordAudit(null, { workspaceId, action: "unit_cost.changed", target: { type: "unit_cost", id: `${cost.field}:${cost.value}` }, changes: { unitCost: { before: null, after: String(cost.unitCost) } } });
  await requestRollupRebuild(workspaceId, "Unit costs changed");
  return cost;
}

export async function deleteUnitCost(workspaceId: string, input: unknown): Promise<void> {
  const key = parseInput(ZUnitCostKeySchema, input);
  const { count } = await db.unitCost.deleteMany({ where: { workspaceId, ...key } });
  if (count === 0) throw new AppError("not_found", "Unit cost not found.");
  await recordAudit(null, { workspaceId, action: "unit_cost.changed", target: { type: "unit_cost", id: `${key.field}:${key.value}` }, changes: { unitCost: { before: "set", after: null } } });
  await requestRollupRebuild(workspaceId, "Unit costs changed");
}

// ---- CSV ----

export const MAX_CSV_BYTES = 1024 * 1024;
export const MAX_CSV_ROWS = 20_000;
const MAX_LISTED_ERRORS = 20;

export type CsvRowError = { row: number; field: string; message: string };

/** An upload with bad rows: nothing was applied; `rows` says which lines (1 = the header) and why. */
export class UnitCostCsvError extends AppError {
  readonly rows: CsvRowError[];
  constructor(rows: CsvRowError[]) {
    const listed = rows.slice(0, MAX_LISTED_ERRORS).map((e) => `row ${e.row}: ${e.field ? `${e.field}: ` : ""}${e.message}`);
    const more = rows.length > MAX_LISTED_ERRORS ? `; and ${rows.length - MAX_LISTED_ERRORS} more` : "";
    const message = `Nothing was imported. Fix ${rows.length === 1 ? "this row" : `these ${rows.length} rows`} and upload again: ${listed.join("; ")}${more}.`;
    super("bad_request", message, { fields: { file: message } });
    this.rows = rows;
  }
}

/** Reads "sku,unit_cost" or "title,unit_cost" text into overrides, or every problem with its line. */
export function parseUnitCostCsv(text: string): { field: UnitCostField; rows: TUnitCost[] } {
  if (Buffer.byteLength(text, "utf8") > MAX_CSV_BYTES) throw AppError.field("file", "The file is larger than 1 MB.", "payload_too_large");
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const [header, ...body] = parsed.data;
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const field = columns[0];
  if (columns.length !== 2 || (field !== "sku" && field !== "title") || columns[1] !== "unit_cost") {
    throw AppError.field("file", 'The first line must be the header "sku,unit_cost" or "title,unit_cost".');
  }
  if (body.length === 0) throw AppError.field("file", "The file has no rows after its header.");
  if (body.length > MAX_CSV_ROWS) throw AppError.field("file", `A file may hold at most ${MAX_CSV_ROWS} rows.`);

  // Papa's row indexes count data rows; a line number counts the header too, as spreadsheets do.
  const lineOf = (index: number) => index + 2;
  const errors: CsvRowError[] = parsed.errors.filter((e) => e.row !== undefined).map((e) => ({ row: lineOf(e.row! - 1), field: "", message: e.message }));
  const rows: TUnitCost[] = [];
  const firstLine = new Map<string, number>();
  body.forEach((cells, index) => {
    const line = lineOf(index);
    if (cells.length !== 2) {
      errors.push({ row: line, field: "", message: `Expected 2 columns, found ${cells.length}.` });
      return;
    }
    const result = ZUnitCostSchema.safeParse({ field, value: cells[0], unitCost: cells[1] });
    if (!result.success) {
      for (const issue of result.error.issues) {
        errors.push({ row: line, field: issue.path[0] === "unitCost" ? "unit_cost" : field, message: issue.message });
      }
      return;
    }
    const seen = firstLine.get(result.data.value);
    if (seen !== undefined) {
      errors.push({ row: line, field, message: `"${cells[0]!.trim()}" is already on row ${seen}.` });
      return;
    }
    firstLine.set(result.data.value, line);
    rows.push(result.data);
  });
  if (errors.length) throw new UnitCostCsvError(errors.sort((a, b) => a.row - b.row));
  return { field, rows };
}

/** Applies a whole CSV in one transaction, or nothing at all when any row is bad. */
export async function importUnitCostsCsv(workspaceId: string, text: string): Promise<{ field: UnitCostField; applied: number }> {
  const { field, rows } = parseUnitCostCsv(text);
  await inTransaction(async (client) => {
    await client.query(
      `INSERT INTO unit_costs (workspace_id, field, value, unit_cost, updated_at)
       SELECT $1, $2, v, c::numeric, now() AT TIME ZONE 'UTC' FROM unnest($3::text[], $4::text[]) AS t(v, c)
       ON CONFLICT (workspace_id, field, value) DO UPDATE SET unit_cost = EXCLUDED.unit_cost, updated_at = EXCLUDED.updated_at`,
      [workspaceId, field, rows.map((r) => r.value), rows.map((r) => r.unitCost)],
    );
  });
  await recordAudit(null, { workspaceId, action: "unit_cost.changed", target: { type: "unit_cost", id: field }, changes: { imported: { before: null, after: rows.length } } });
  await requestRollupRebuild(workspaceId, "Unit costs changed");
  return { field, applied: rows.length };
}

/** The overrides of one kind as "sku,unit_cost" (or "title,unit_cost"), ready to edit and upload again. */
export async function exportUnitCostsCsv(workspaceId: string, field: unknown): Promise<string> {
  const kind = parseInput(z.object({ field: ZField }), { field }).field;
  const rows = await db.$queryRaw<{ value: string; unit_cost: string }[]>`
    SELECT value, unit_cost::text AS unit_cost FROM unit_costs WHERE workspace_id = ${workspaceId} AND field = ${kind} ORDER BY value`;
  const csv = Papa.unparse({ fields: [kind, "unit_cost"], data: rows.map((r) => [r.value, money(r.unit_cost)]) }, { newline: "\n" });
  return `${csv.replace(/\n$/, "")}\n`;
}
