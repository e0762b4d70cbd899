import type { CsvTable } from "@/lib/imports/csv";
import type { TImportError } from "@/lib/imports/schema";

// The first rows of the chosen file beside what the dry run found in them. Rows are numbered as
// the server numbers them, by file line, so an error points at the row shown.

export function ImportPreview({ table, errors }: { table: CsvTable; errors: TImportError[] }) {
  if (table.records.length === 0) return <p className="text-sm text-slate-500">The file has no data rows to preview.</p>;
  const byRow = new Map<number, TImportError[]>();
  for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
  return (
    <div className="overflow-x-auto rounded-md ring-1 ring-slate-200" data-testid="import-preview">
      <table className="w-full text-left text-xs">
        <thead className="bg-slate-50 text-slate-500">
          <tr>
            <th className="px-2 py-1.5 font-medium">Line</th>
            {table.header.map((name, i) => (
              <th key={`${name}-${i}`} className={`px-2 py-1.5 font-mono font-medium ${byRow.get(1)?.some((e) => e.field === name) ? "text-red-700" : ""}`}>
                {name}
              </th>
            ))}
            <th className="px-2 py-1.5 font-medium">Problems</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.records.map((record) => {
            const problems = byRow.get(record.line) ?? [];
            const bad = new Set(problems.map((p) => p.field));
            return (
              <tr key={record.line} className={problems.length ? "bg-red-50/60" : ""}>
                <td className="px-2 py-1 text-slate-400">{record.line}</td>
                {table.header.map((name, i) => (
                  <td key={`${name}-${i}`} className={`whitespace-nowrap px-2 py-1 ${bad.has(name) ? "font-medium text-red-700" : "text-slate-700"}`}>
                    {record.values[name]}
                  </td>
                ))}
                <td className="px-2 py-1 text-red-700">
                  {problems.map((p, i) => (
                    <div key={i}>
                      <span className="font-mono">{p.field}</span>: {p.message}
                    </div>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function ImportErrors({ errors, total }: { errors: TImportError[]; total: number }) {
  if (errors.length === 0) return null;
  return (
    <details className="text-sm" open={errors.length <= 20}>
      <summary className="cursor-pointer font-medium text-slate-700">Every problem, by row</summary>
      <ul className="mt-2 max-h-72 space-y-1 overflow-y-auto text-slate-700" data-testid="import-errors">
        {errors.map((e, i) => (
          <li key={i}>
            Row {e.row}, <span className="font-mono">{e.field}</span>: {e.message}
          </li>
        ))}
      </ul>
      {total > errors.length ? <p className="mt-1 text-xs text-slate-500">Showing the first {errors.length} of {total}.</p> : null}
    </details>
  );
}
