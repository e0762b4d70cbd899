import { DataTable } from "@/components/ui/data-table";
import type { OpenApiDocument, OperationObject } from "@/lib/api/openapi/document";
import { exampleCurl } from "./curl";
import { RichText } from "./rich-text";
import { SchemaTable } from "./schema-table";
import { constraintsText, deref, refName, typeText, type Components, type Schema } from "./schema-text";

type Content = Record<string, { schema: Schema }>;
type Response = { $ref?: string; description?: string; content?: Content };

const METHOD_STYLE: Record<string, string> = {
  get: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  post: "bg-brand-50 text-brand-700 ring-brand-100",
  put: "bg-amber-50 text-amber-700 ring-amber-200",
  patch: "bg-amber-50 text-amber-700 ring-amber-200",
  delete: "bg-red-50 text-red-700 ring-red-200",
};

export const operationAnchor = (op: { operationId: string }) => op.operationId;

function Bodies({ content, components }: { content: Content; components: Components }) {
  return (
    <div className="space-y-3">
      {Object.entries(content).map(([type, { schema }]) => (
        <div key={type}>
          <p className="mb-1 font-mono text-xs text-slate-500">
            {type}
            {schema.$ref ? ` · ${refName(schema.$ref)}` : ""}
          </p>
          <SchemaTable schema={schema} components={components} />
        </div>
      ))}
    </div>
  );
}

function Heading({ children }: { children: React.ReactNode }) {
  return <h4 className="mb-2 mt-5 text-xs font-semibold uppercase tracking-wide text-slate-500">{children}</h4>;
}

export function OperationCard({ method, path, op, document }: { method: string; path: string; op: OperationObject; document: OpenApiDocument }) {
  const components = document.components.schemas as unknown as Components;
  const sharedResponses = document.components.responses as Record<string, Response>;
  const responses = Object.entries(op.responses as Record<string, Response>).map(([status, r]) => {
    const resolved = r.$ref ? sharedResponses[refName(r.$ref)]! : r;
    return { status, description: resolved.description ?? "", content: r.$ref ? undefined : resolved.content, shared: Boolean(r.$ref) };
  });
  const body = op.requestBody as { required: boolean; description?: string; content: Content } | undefined;
  return (
    <article id={operationAnchor(op)} className="scroll-mt-6 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="api-operation">
      <header className="border-b border-slate-100 px-5 py-4">
        <div className="flex flex-wrap items-center gap-2">
          <span className={`rounded px-2 py-0.5 font-mono text-xs font-semibold uppercase ring-1 ring-inset ${METHOD_STYLE[method] ?? ""}`}>{method}</span>
          <code className="break-all font-mono text-sm text-slate-900">{path}</code>
        </div>
        <h3 className="mt-2 text-base font-semibold text-slate-900">{op.summary}</h3>
        <RichText text={op.description} className="mt-1 space-y-1 text-sm text-slate-600" />
      </header>
      <div className="px-5 pb-5">
        {op.parameters.length > 0 ? (
          <>
            <Heading>Parameters</Heading>
            <DataTable columns={[{ label: "Name" }, { label: "In" }, { label: "Type" }, { label: "Description" }]}>
              {op.parameters.map((p) => {
                const schema = deref(p.schema as Schema, components);
                return (
                  <tr key={`${p.in}-${p.name}`} className="align-top">
                    <td className="py-2 pr-4 font-mono text-xs text-slate-900">
                      {p.name}
                      {p.required ? <span className="ml-1 text-red-600" title="required">*</span> : null}
                    </td>
                    <td className="py-2 pr-4 text-xs text-slate-500">{p.in}</td>
                    <td className="max-w-xs break-words py-2 pr-4 font-mono text-xs text-slate-600">{typeText(schema, components)}</td>
                    <td className="py-2 pr-4 text-slate-600">
                      <RichText text={p.description} />
                      {constraintsText(schema) ? <p className="text-xs text-slate-400">{constraintsText(schema)}</p> : null}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          </>
        ) : null}
        {body ? (
          <>
            <Heading>Request body{body.required ? "" : " (optional)"}</Heading>
            {body.description ? <RichText text={body.description} className="mb-2 text-sm text-slate-600" /> : null}
            <Bodies content={body.content} components={components} />
          </>
        ) : null}
        <Heading>Responses</Heading>
        <ul className="space-y-3 text-sm">
          {responses.map((r) => (
            <li key={r.status}>
              <p>
                <span className={`mr-2 font-mono text-xs font-semibold ${r.status.startsWith("2") ? "text-emerald-700" : "text-red-700"}`}>{r.status}</span>
                <span className="text-slate-600">{r.description}</span>
                {r.shared ? <span className="text-slate-400"> (error body)</span> : null}
              </p>
              {r.content ? (
                <div className="mt-2">
                  <Bodies content={r.content} components={components} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        <Heading>Example</Heading>
        <pre className="overflow-x-auto rounded-md bg-slate-900 px-4 py-3 font-mono text-xs leading-relaxed text-slate-100">{exampleCurl(method, path, op)}</pre>
      </div>
    </article>
  );
}
