import type { CsvRecord } from "./csv";
import { LINE_COLUMNS, ORDER_LEVEL_COLUMNS, REFUND_LEVEL_COLUMNS, REFUND_LINE_COLUMNS } from "./columns";
import { lineKey, planOrder } from "./order-money";
import { normalisePhone } from "@/lib/phone/normalise";
import { ZOrderImportRowSchema, type TOrderImportRow } from "./schema";
import { validateCandidates, type Candidate, type Path, type RowRules } from "./validate";

// Orders arrive as CSV (one line item per row, rows of an order grouped by order_id) or as JSON
// (one order per row with its line_items). Both become the same nested order before validation.

const FIELD_OF_LINE = Object.fromEntries(Object.entries(LINE_COLUMNS).map(([column, field]) => [field, column])) as Record<string, string>;

export { lineKey } from "./order-money";

export type OrderValidationOptions = {
  /** The region a phone without a country code is read in when the order names no country. */
  defaultRegion: string | null;
};

const orderRules = (options: OrderValidationOptions): RowRules<TOrderImportRow> => ({
  key: (order) => order.order_id,
  keyPath: ["order_id"],
  duplicateMessage: (other) => `The same order_id appears again at row ${other}; send each order once.`,
  check: (order) => {
    const seen = new Map<string, number>();
    const problems: { path: Path; message: string }[] = [];
    order.line_items.forEach((line, i) => {
      const { key, field } = lineKey(line);
      const first = seen.get(key);
      if (first === undefined) return void seen.set(key, i);
      const what = field === "sku" ? `SKU "${line.sku}"` : `title "${line.title}" (and no SKU)`;
      problems.push(
        { path: ["line_items", first, field], message: `Duplicate line: the order has ${what} twice.` },
        { path: ["line_items", i, field], message: `Duplicate line: the order has ${what} twice.` },
      );
    });
    if (order.customer_phone) {
      const phone = normalisePhone(order.customer_phone, order.country ?? options.defaultRegion);
      if (!phone.ok) problems.push({ path: ["customer_phone"], message: phone.message });
    }
    if (problems.length === 0) problems.push(...planOrder(order).problems);
    return problems;
  },
  siblingMessage: "Not imported: another row of this order has an error.",
});

/** Groups CSV rows into orders; order-level cells may be left empty after an order's first row. */
export function orderCandidatesFromCsv(records: CsvRecord[]): Candidate[] {
  const groups: CsvRecord[][] = [];
  const byId = new Map<string, CsvRecord[]>();
  for (const record of records) {
    const id = record.values.order_id ?? "";
    const group = id === "" ? undefined : byId.get(id);
    if (group) group.push(record);
    else {
      // Without an order_id a row belongs to no order and fails on its own.
      const fresh = [record];
      groups.push(fresh);
      if (id !== "") byId.set(id, fresh);
    }
  }
  return groups.map(csvOrderCandidate);
}

const FIELD_OF_REFUND_LINE = Object.fromEntries(Object.entries(REFUND_LINE_COLUMNS).map(([column, field]) => [field, column])) as Record<string, string>;
const REFUND_ONLY_COLUMNS = ["refund_quantity", "refund_amount", "refund_tax", "refund_shipping"] as const;
const LINE_ONLY_COLUMNS = ["line_quantity", "line_unit_price", "line_discount"] as const;

const isRefundRow = (record: CsvRecord) => (record.values.refund_id ?? "") !== "";
const namesLine = (record: CsvRecord) => (record.values.line_sku ?? "") !== "" || (record.values.line_title ?? "") !== "";

/** Cells that must agree on every row that gives them; the first row giving one is its source. */
function agreeing(records: CsvRecord[], columns: readonly string[], errors: Candidate["errors"], what: string) {
  const values: Record<string, string> = {};
  const source: Record<string, number> = {};
  for (const column of columns) {
    for (const record of records) {
      const value = record.values[column] ?? "";
      if (value === "") continue;
      if (!(column in values)) {
        values[column] = value;
        source[column] = record.line;
      } else if (values[column] !== value) {
        errors.push({
          row: record.line,
          field: column,
          message: `Disagrees with row ${source[column]} of the same ${what} ("${values[column]}"); ${what}-level columns must match on every row of an ${what}.`,
        });
      }
    }
  }
  return { values, source };
}

type RefundGroup = { records: CsvRecord[]; lines: CsvRecord[]; bare: CsvRecord[]; source: Record<string, number> };

/** The refund rows of one order as its refunds, in the order their ids first appear. */
function refundsOf(records: CsvRecord[], errors: Candidate["errors"]): { refunds: Record<string, unknown>[]; groups: RefundGroup[] } {
  const byId = new Map<string, CsvRecord[]>();
  for (const record of records) byId.set(record.values.refund_id!, [...(byId.get(record.values.refund_id!) ?? []), record]);
  const groups: RefundGroup[] = [];
  const refunds = [...byId.values()].map((rows) => {
    const { values, source } = agreeing(rows, Object.keys(REFUND_LEVEL_COLUMNS), errors, "refund");
    const lines = rows.filter(namesLine);
    const bare = rows.filter((r) => !namesLine(r));
    for (const row of bare) {
      for (const column of ["refund_quantity", "refund_amount"] as const) {
        if ((row.values[column] ?? "") !== "") errors.push({ row: row.line, field: column, message: "Name the line this row returns (line_sku or line_title)." });
      }
    }
    const tax = agreeing(bare, ["refund_tax"], errors, "refund");
    Object.assign(source, tax.source);
    groups.push({ records: rows, lines, bare, source });
    const refund: Record<string, unknown> = Object.fromEntries(Object.entries(REFUND_LEVEL_COLUMNS).map(([column, field]) => [field, values[column] ?? ""]));
    refund.tax = tax.values.refund_tax ?? "";
    refund.line_items = lines.map((row) => Object.fromEntries(Object.entries(REFUND_LINE_COLUMNS).map(([column, field]) => [field, row.values[column] ?? ""])));
    return refund;
  });
  return { refunds, groups };
}

function csvOrderCandidate(records: CsvRecord[]): Candidate {
  const first = records[0]!.line;
  const errors: Candidate["errors"] = [];
  const lineRows = records.filter((r) => !isRefundRow(r));
  const refundRows = records.filter(isRefundRow);
  for (const record of lineRows) {
    for (const column of REFUND_ONLY_COLUMNS) {
      if ((record.values[column] ?? "") !== "") errors.push({ row: record.line, field: column, message: "Only on refund rows: give the row a refund_id." });
    }
  }
  for (const record of refundRows) {
    for (const column of LINE_ONLY_COLUMNS) {
      if ((record.values[column] ?? "") !== "") {
        errors.push({ row: record.line, field: column, message: "Leave empty on refund rows: line_sku or line_title name the line returned, refund_quantity and refund_amount what came back." });
      }
    }
  }
  if (lineRows.length === 0) {
    errors.push({ row: first, field: "order_id", message: "Refund rows need their order's line rows in the same file: an upload replaces the whole order." });
  }
  // On a refund row, refunded_at dates that refund, not the order.
  const orderLevel = agreeing(lineRows, ORDER_LEVEL_COLUMNS, errors, "order");
  for (const column of ORDER_LEVEL_COLUMNS) {
    if (column === "refunded_at") continue;
    for (const record of refundRows) {
      const value = record.values[column] ?? "";
      const expected = orderLevel.values[column];
      if (value !== "" && expected !== undefined && value !== expected) {
        errors.push({ row: record.line, field: column, message: `Disagrees with row ${orderLevel.source[column]} of the same order ("${expected}"); order-level columns must match on every row of an order.` });
      }
    }
  }
  const order: Record<string, unknown> = { ...orderLevel.values };
  const source = orderLevel.source;
  order.line_items = lineRows.map((record) =>
    Object.fromEntries(Object.entries(LINE_COLUMNS).map(([column, field]) => [field, record.values[column] ?? ""])),
  );
  const { refunds, groups } = refundsOf(refundRows, errors);
  if (refunds.length > 0) order.refunds = refunds;
  return {
    rows: records.map((r) => r.line),
    input: order,
    errors,
    locate: (path) => locateCsv(path, { first, lineRows, groups, source }),
  };
}

function locateCsv(path: Path, at: { first: number; lineRows: CsvRecord[]; groups: RefundGroup[]; source: Record<string, number> }) {
  const { first, lineRows, groups, source } = at;
  if (path[0] === "line_items" && typeof path[1] === "number") {
    const field = typeof path[2] === "string" ? (FIELD_OF_LINE[path[2]] ?? "line_title") : "line_title";
    return { row: lineRows[path[1]]?.line ?? first, field };
  }
  if (path[0] === "refunds") {
    const group = typeof path[1] === "number" ? groups[path[1]] : groups[0];
    const groupFirst = group?.records[0]?.line ?? first;
    if (!group) return { row: groupFirst, field: "refund_id" };
    if (path[2] === "line_items" && typeof path[3] === "number") {
      const field = typeof path[4] === "string" ? (FIELD_OF_REFUND_LINE[path[4]] ?? "line_title") : "line_title";
      return { row: group.lines[path[3]]?.line ?? groupFirst, field };
    }
    if (path[2] === "tax") return { row: group.source.refund_tax ?? group.bare[0]?.line ?? groupFirst, field: "refund_tax" };
    const column = path[2] === "shipping" ? "refund_shipping" : path[2] === "refunded_at" ? "refunded_at" : "refund_id";
    return { row: group.source[column] ?? groupFirst, field: column };
  }
  const field = typeof path[0] === "string" && path[0] !== "line_items" ? path[0] : "order_id";
  return { row: source[field] ?? first, field };
}

export function validateOrders(candidates: Candidate[], options: OrderValidationOptions = { defaultRegion: null }) {
  return validateCandidates(candidates, ZOrderImportRowSchema, orderRules(options));
}
