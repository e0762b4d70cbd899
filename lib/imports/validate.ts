import type { z } from "zod";
import type { CsvRecord } from "./csv";
import type { TImportError } from "./schema";

// Row validation common to every kind of import. An upload is a list of candidates: one per
// record to store (an order, an ad-spend row), each made of one or more rows of the upload and
// able to say which row and field a problem in its input points at.

export type Location = { row: number; field: string };
export type Path = readonly PropertyKey[];

export type Candidate = {
  /** Rows of the upload this record was built from, in order. */
  rows: number[];
  input: unknown;
  locate: (path: Path) => Location;
  /** Problems found while assembling the input (e.g. rows of one order that disagree). */
  errors: TImportError[];
};

export type Checked<T> = { candidate: Candidate; value: T };

export type Validation<T> = { valid: Checked<T>[]; errors: TImportError[]; rowsTotal: number; rowsValid: number };

export type RowRules<T> = {
  /** Records with the same key may appear once; both rows are named when one repeats. */
  key: (value: T) => string;
  keyPath: Path;
  duplicateMessage: (otherRow: number) => string;
  /** Checks inside one record that the schema cannot express (e.g. a line listed twice). */
  check?: (value: T) => { path: Path; message: string }[];
  /** Said of the other rows of a multi-row record that is skipped for an error elsewhere. */
  siblingMessage?: string;
};

/** "line_items.0.quantity" as "line_items[0].quantity", the way a JSON client would write it. */
export function jsonPath(path: Path): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), "");
}

function issueErrors(candidate: Candidate, issues: z.core.$ZodIssue[]): TImportError[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ ...candidate.locate([...issue.path, key]), message: "Unknown field." }));
    }
    return [{ ...candidate.locate(issue.path), message: issue.message }];
  });
}

export function validateCandidates<T>(candidates: Candidate[], schema: z.ZodType<T>, rules: RowRules<T>): Validation<T> {
  const errors: TImportError[] = [];
  const parsed: (Checked<T> | null)[] = candidates.map((candidate) => {
    const result = schema.safeParse(candidate.input);
    const own = [...candidate.errors, ...(result.success ? [] : issueErrors(candidate, result.error.issues))];
    if (result.success) {
      for (const problem of rules.check?.(result.data) ?? []) own.push({ ...candidate.locate(problem.path), message: problem.message });
    }
    errors.push(...own);
    return own.length === 0 && result.success ? { candidate, value: result.data } : null;
  });

  const firstWithKey = new Map<string, number>();
  const duplicated = new Set<number>();
  parsed.forEach((entry, i) => {
    if (!entry) return;
    const key = rules.key(entry.value);
    const first = firstWithKey.get(key);
    if (first === undefined) return void firstWithKey.set(key, i);
    duplicated.add(first).add(i);
    const a = candidates[first]!.locate(rules.keyPath);
    const b = entry.candidate.locate(rules.keyPath);
    errors.push({ ...a, message: rules.duplicateMessage(b.row) }, { ...b, message: rules.duplicateMessage(a.row) });
  });

  const valid = parsed.filter((entry, i): entry is Checked<T> => entry !== null && !duplicated.has(i));
  const validSet = new Set(valid.map((v) => v.candidate));
  if (rules.siblingMessage) {
    const rowsWithErrors = new Set(errors.map((e) => e.row));
    for (const candidate of candidates) {
      if (validSet.has(candidate) || candidate.rows.length < 2) continue;
      for (const row of candidate.rows) {
        if (!rowsWithErrors.has(row)) errors.push({ ...candidate.locate(rules.keyPath), row, message: rules.siblingMessage });
      }
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return {
    valid,
    errors,
    rowsTotal: candidates.reduce((n, c) => n + c.rows.length, 0),
    rowsValid: valid.reduce((n, v) => n + v.candidate.rows.length, 0),
  };
}

/** Header problems of a CSV file: every required column present, nothing unknown or repeated. */
export function checkHeader(header: string[], columns: readonly { name: string; required: boolean }[]): TImportError[] {
  const known = new Set(columns.map((c) => c.name));
  const expected = `Expected columns: ${columns.map((c) => c.name + (c.required ? "" : " (optional)")).join(", ")}.`;
  if (header.length === 0 || header.every((h) => h === "")) {
    return [{ row: 1, field: "header", message: `The file has no header row. ${expected}` }];
  }
  const errors: TImportError[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (!known.has(name)) errors.push({ row: 1, field: name || "(empty)", message: `Unknown column. ${expected}` });
    else if (seen.has(name)) errors.push({ row: 1, field: name, message: "The column appears twice in the header." });
    seen.add(name);
  }
  for (const column of columns) {
    if (column.required && !seen.has(column.name)) errors.push({ row: 1, field: column.name, message: `Missing column. ${expected}` });
  }
  return errors;
}

/** Each JSON row is one record; a problem is located by the row's index and the field's path. */
export function candidatesFromJson(rows: unknown[]): Candidate[] {
  return rows.map((input, i) => ({
    rows: [i + 1],
    input,
    errors: [],
    locate: (path) => ({ row: i + 1, field: jsonPath(path) || "row" }),
  }));
}

/** One record per CSV row (ad spend, message sends); empty cells are absent values, as in JSON. */
export function rowCandidatesFromCsv(records: CsvRecord[], fallbackField: string): Candidate[] {
  return records.map((record) => ({
    rows: [record.line],
    input: Object.fromEntries(Object.entries(record.values).filter(([, v]) => v !== "")),
    errors: [],
    locate: (path) => ({ row: record.line, field: typeof path[0] === "string" ? path[0] : fallbackField }),
  }));
}
