import type { CsvRecord } from "./csv";
import { LINE_COLUMNS, ORDER_LEVEL_COLUMNS } from "./columns";
import { ZOrderImportRowSchema, type TOrderImportRow } from "./schema";
import { validateCandidates, type Candidate, type Path, type RowRules } from "./validate";

// Orders arrive as CSV (one line item per row, rows of an order grouped by order_id) or as JSON
// (one order per row with its line_items). Both become the same nested order before validation.

const FIELD_OF_LINE = Object.fromEntries(Object.entries(LINE_COLUMNS).map(([column, field]) => [field, column])) as Record<string, string>;

/** One line per SKU, or per title when a line has no SKU. */
export function lineKey(line: TOrderImportRow["line_items"][number]): { key: string; field: "sku" | "title" } {
  return line.sku ? { key: `sku:${line.sku}`, field: "sku" } : { key: `title:${line.title.toLowerCase()}`, field: "title" };
}

const ORDER_RULES: RowRules<TOrderImportRow> = {
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
    return problems;
  },
  siblingMessage: "Not imported: another row of this order has an error.",
};

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

function csvOrderCandidate(records: CsvRecord[]): Candidate {
  const first = records[0]!.line;
  const order: Record<string, unknown> = {};
  const source: Record<string, number> = {};
  const errors: Candidate["errors"] = [];
  for (const column of ORDER_LEVEL_COLUMNS) {
    for (const record of records) {
      const value = record.values[column] ?? "";
      if (value === "") continue;
      if (!(column in order)) {
        order[column] = value;
        source[column] = record.line;
      } else if (order[column] !== value) {
        errors.push({
          row: record.line,
          field: column,
          message: `Disagrees with row ${source[column]} of the same order ("${String(order[column])}"); order-level columns must match on every row of an order.`,
        });
      }
    }
  }
  order.line_items = records.map((record) =>
    Object.fromEntries(Object.entries(LINE_COLUMNS).map(([column, field]) => [field, record.values[column] ?? ""])),
  );
  return {
    rows: records.map((r) => r.line),
    input: order,
    errors,
    locate: (path) => {
      if (path[0] === "line_items" && typeof path[1] === "number") {
        const field = typeof path[2] === "string" ? (FIELD_OF_LINE[path[2]] ?? "line_title") : "line_title";
        return { row: records[path[1]]?.line ?? first, field };
      }
      const field = typeof path[0] === "string" && path[0] !== "line_items" ? path[0] : "order_id";
      return { row: source[field] ?? first, field };
    },
  };
}

export function validateOrders(candidates: Candidate[]) {
  return validateCandidates(candidates, ZOrderImportRowSchema, ORDER_RULES);
}
