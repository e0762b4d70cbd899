// CSV for a data export (RFC 4180): values exactly as the database holds them, as text. Unlike the
// report CSVs (lib/api/csv.ts) nothing is neutralised for spreadsheets: an export is for moving
// data, so a value must come back byte for byte. An empty cell is NULL; an empty string is "".

const NEEDS_QUOTES = /[",\r\n]/;

export function exportCell(value: string | null): string {
  if (value === null) return "";
  if (value === "") return '""';
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function exportLine(values: readonly (string | null)[]): string {
  return values.map(exportCell).join(",") + "\r\n";
}

/** Reads export CSV back: rows of cells, "" as an empty string and an empty cell as null. */
export function parseExportCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    let cell: string | null;
    if (text[i] === '"') {
      let value = "";
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error("Unterminated quoted cell.");
        value += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      cell = value;
    } else {
      const comma = text.indexOf(",", i);
      const newline = text.indexOf("\r\n", i);
      const stop = Math.min(comma < 0 ? text.length : comma, newline < 0 ? text.length : newline);
      cell = stop === i ? null : text.slice(i, stop);
      i = stop;
    }
    row.push(cell);
    if (text.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (text[i] === ",") {
      i += 1;
      if (i === text.length) row.push(null);
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}
