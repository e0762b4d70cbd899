import Papa from "papaparse";

// CSV reading shared by the server and the upload page's preview, so both number rows the same
// way: by the line of the file a row starts on (the header is line 1), which is what a
// spreadsheet shows and what an error message should point at.

export type CsvRecord = { line: number; values: Record<string, string> };
export type CsvTable = { header: string[]; records: CsvRecord[]; problems: { line: number; message: string }[] };

export function normaliseHeader(name: string): string {
  return name.replace(/^\uFEFF/, "").trim().toLowerCase();
}

/** Parses CSV text with a header row; `limit` stops after that many data rows (for previews). */
export function parseCsv(text: string, limit = Infinity): CsvTable {
  const source = text.replace(/^\uFEFF/, "");
  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  const problems: CsvTable["problems"] = [];
  let position = 0;
  let line = 1;
  const lineAt = (offset: number) => {
    // Rows are read in order, so the count only ever moves forward.
    for (; position < offset; position++) if (source.charCodeAt(position) === 10) line++;
    return line;
  };
  let previousEnd = 0;
  Papa.parse<string[]>(source, {
    skipEmptyLines: "greedy",
    step: (result, parser) => {
      let start = previousEnd;
      while (start < source.length && /\s/.test(source[start]!)) start++;
      previousEnd = result.meta.cursor;
      const rowLine = lineAt(start);
      for (const error of result.errors) problems.push({ line: rowLine, message: error.message });
      if (header === null) {
        header = result.data.map(normaliseHeader);
        return;
      }
      const values: Record<string, string> = {};
      header.forEach((name, i) => {
        values[name] = (result.data[i] ?? "").trim();
      });
      if (result.data.length > header.length && result.data.slice(header.length).some((v) => v.trim() !== "")) {
        problems.push({ line: rowLine, message: `The row has ${result.data.length} cells but the header names ${header.length} columns.` });
      }
      records.push({ line: rowLine, values });
      if (records.length >= limit) parser.abort();
    },
  });
  return { header: header ?? [], records, problems };
}
