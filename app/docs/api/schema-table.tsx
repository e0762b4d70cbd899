import { DataTable } from "@/components/ui/data-table";
import { RichText } from "./rich-text";
import { fieldRows, typeText, type Components, type Schema } from "./schema-text";

/** The fields of a request or response body; a body that is not an object is described in one line. */
export function SchemaTable({ schema, components }: { schema: Schema; components: Components }) {
  const rows = fieldRows(schema, components);
  if (rows.length === 0) {
    return (
      <div className="text-sm text-slate-600">
        <p className="font-mono text-xs">{typeText(schema, components)}</p>
        {schema.description ? <RichText text={schema.description} className="mt-1" /> : null}
      </div>
    );
  }
  return (
    <DataTable columns={[{ label: "Field" }, { label: "Type" }, { label: "Description" }]}>
      {rows.map((row) => (
        <tr key={row.name} className="align-top">
          <td className="py-2 pr-4 font-mono text-xs text-slate-900">
            {row.name}
            {row.required ? <span className="ml-1 text-red-600" title="required">*</span> : null}
          </td>
          <td className="max-w-xs break-words py-2 pr-4 font-mono text-xs text-slate-600">{row.type}</td>
          <td className="py-2 pr-4 text-slate-600">
            <RichText text={row.description} />
            {row.constraints ? <p className="text-xs text-slate-400">{row.constraints}</p> : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
