import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/tenancy/guard";
import { parseInput } from "@/lib/validation";
import { adSpendCandidatesFromCsv, validateAdSpend } from "./ad-spend-rows";
import { applyAdSpend } from "./apply-ad-spend";
import { applyOrders } from "./apply-orders";
import { applyOwnedSends, checkStoredOwnedSends } from "./apply-owned-sends";
import { AD_SPEND_COLUMNS, ORDER_COLUMNS, OWNED_SEND_COLUMNS, type Column } from "./columns";
import { parseCsv, type CsvRecord } from "./csv";
import { orderCandidatesFromCsv, validateOrders, type OrderValidationOptions } from "./order-rows";
import { ownedSendCandidatesFromCsv, validateOwnedSends, type TOwnedSendImport } from "./owned-send-rows";
import { defaultPhoneRegion } from "@/lib/phone/normalise";
import {
  MAX_REPORTED_ERRORS, ZImportBodySchema,
  type ImportKind, type TAdSpendImportRow, type TImportError, type TImportResult, type TOrderImportRow,
} from "./schema";
import { candidatesFromJson, checkHeader, type Candidate, type Checked, type Validation } from "./validate";

// One upload, from its text to its recorded outcome. All-or-nothing unless `partial`: with any
// bad row nothing is written. A dry run validates and writes nothing at all, not even a record.

export type ImportPayload = { format: "csv"; text: string } | { format: "json"; body: unknown };

export type ImportOptions = { dryRun: boolean; partial: boolean; fileName: string | null };

const KINDS = {
  orders: { columns: ORDER_COLUMNS, fromCsv: orderCandidatesFromCsv, validate: validateOrders },
  ad_spend: { columns: AD_SPEND_COLUMNS, fromCsv: adSpendCandidatesFromCsv, validate: validateAdSpend },
  owned_sends: { columns: OWNED_SEND_COLUMNS, fromCsv: ownedSendCandidatesFromCsv, validate: validateOwnedSends },
} satisfies Record<ImportKind, { columns: readonly Column[]; fromCsv: (records: CsvRecord[]) => Candidate[]; validate: (c: Candidate[], o: OrderValidationOptions) => Validation<unknown> }>;

async function apply(kind: ImportKind, workspace: { id: string; timeZone: string }, values: unknown[], context: OrderValidationOptions): Promise<void> {
  // Values come from the validator of the same kind.
  if (kind === "orders") await applyOrders(workspace.id, values as TOrderImportRow[], context);
  else if (kind === "ad_spend") await applyAdSpend(workspace.id, values as TAdSpendImportRow[]);
  else await applyOwnedSends(workspace, values as TOwnedSendImport[]);
}

/** Rows that are valid on their own but clash with what is stored: taken out of the valid ones. */
async function checkStored(kind: ImportKind, workspaceId: string, validation: Validation<unknown>): Promise<Validation<unknown>> {
  if (kind !== "owned_sends") return validation;
  const errors = await checkStoredOwnedSends(workspaceId, validation.valid as Checked<TOwnedSendImport>[]);
  if (errors.length === 0) return validation;
  const bad = new Set(errors.map((e) => e.row));
  const valid = validation.valid.filter((v) => !v.candidate.rows.some((row) => bad.has(row)));
  return {
    ...validation,
    valid,
    errors: [...validation.errors, ...errors].sort((a, b) => a.row - b.row),
    rowsValid: valid.reduce((n, v) => n + v.candidate.rows.length, 0),
  };
}

/** Validation of a whole upload; CSV header problems stop it before any row is read. */
function validateUpload(kind: ImportKind, payload: ImportPayload, context: OrderValidationOptions): Validation<unknown> {
  const spec = KINDS[kind];
  if (payload.format === "json") return spec.validate(candidatesFromJson(parseInput(ZImportBodySchema, payload.body).rows), context);
  const table = parseCsv(payload.text);
  const headerErrors = checkHeader(table.header, spec.columns);
  if (headerErrors.length > 0) return { valid: [], errors: headerErrors, rowsTotal: table.records.length, rowsValid: 0 };
  const validation = spec.validate(spec.fromCsv(table.records), context);
  const malformed: TImportError[] = table.problems.map((p) => ({ row: p.line, field: "row", message: p.message }));
  if (malformed.length === 0) return validation;
  // A row the CSV reader had to guess at is never applied.
  const bad = new Set(malformed.map((e) => e.row));
  const valid = validation.valid.filter((v) => !v.candidate.rows.some((row) => bad.has(row)));
  return {
    valid,
    errors: [...validation.errors, ...malformed].sort((a, b) => a.row - b.row),
    rowsTotal: validation.rowsTotal,
    rowsValid: valid.reduce((n, v) => n + v.candidate.rows.length, 0),
  };
}

export async function runImport(
  workspaceId: string,
  actor: Actor,
  kind: ImportKind,
  payload: ImportPayload,
  options: ImportOptions,
): Promise<TImportResult> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { id: true, currency: true, timeZone: true } });
  const context = { defaultRegion: defaultPhoneRegion(workspace) };
  const validation = await checkStored(kind, workspaceId, validateUpload(kind, payload, context));
  if (validation.rowsTotal === 0 && validation.errors.length === 0) {
    validation.errors.push({ row: payload.format === "csv" ? 2 : 1, field: "row", message: "The upload has no data rows." });
  }
  const applies = !options.dryRun && (validation.errors.length === 0 || options.partial);
  const applied = applies ? validation.valid : [];
  if (applied.length > 0) await apply(kind, workspace, applied.map((v) => v.value), context);
  const rowsApplied = applied.reduce((n, v) => n + v.candidate.rows.length, 0);
  const errors = validation.errors.slice(0, MAX_REPORTED_ERRORS);

  let importId: string | null = null;
  if (!options.dryRun) {
    const record = await db.dataImport.create({
      data: {
        workspaceId,
        kind,
        fileName: options.fileName,
        rowsTotal: validation.rowsTotal,
        rowsApplied,
        errors,
        createdById: actor.kind === "user" ? actor.userId : null,
        apiKeyId: actor.kind === "apiKey" ? actor.apiKeyId : null,
      },
      select: { id: true },
    });
    importId = record.id;
  }
  return {
    import_id: importId,
    kind,
    dry_run: options.dryRun,
    rows_total: validation.rowsTotal,
    rows_valid: validation.rowsValid,
    rows_applied: rowsApplied,
    errors_total: validation.errors.length,
    errors,
  };
}

/** 422 when the upload is refused (all-or-nothing with errors) or nothing in it is usable. */
export function importStatus(result: TImportResult, partial: boolean): 200 | 422 {
  if (result.errors_total === 0) return 200;
  return partial && result.rows_valid > 0 ? 200 : 422;
}
