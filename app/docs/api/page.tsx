import type { Metadata } from "next";
import { headers } from "next/headers";
import { Logo } from "@/components/logo";
import { Card } from "@/components/ui/card";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { OperationCard, operationAnchor } from "./operation";
import { RichText } from "./rich-text";
import { SchemaTable } from "./schema-table";
import type { Components } from "./schema-text";

export const metadata: Metadata = { title: "API reference" };

/** This site's origin as the caller reached it, for copy-pasteable examples. */
async function origin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

export default async function ApiReferencePage() {
  const document = buildOpenApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const byTag = document.tags
    .map((tag) => ({ tag, operations: operations.filter((o) => o.op.tags[0] === tag.name) }))
    .filter((group) => group.operations.length > 0);
  const components = document.components.schemas as unknown as Components;
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <header className="mb-8 flex flex-wrap items-center justify-between gap-3">
        <Logo />
        <a href="/api/v1/openapi.json" className="text-sm font-medium text-brand-700 hover:underline">
          openapi.json
        </a>
      </header>
      <div className="grid gap-8 lg:grid-cols-[14rem_1fr]">
        <nav aria-label="Endpoints" className="text-sm lg:sticky lg:top-6 lg:self-start">
          {byTag.map(({ tag, operations: ops }) => (
            <div key={tag.name} className="mb-4">
              <a href={`#${tag.name}`} className="font-semibold text-slate-900">
                {tag.name}
              </a>
              <ul className="mt-1 space-y-1">
                {ops.map(({ op }) => (
                  <li key={op.operationId}>
                    <a href={`#${operationAnchor(op)}`} className="text-slate-600 hover:text-slate-900">
                      {op.summary}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main className="min-w-0 space-y-10">
          <section>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{document.info.title}</h1>
            <RichText text={document.info.description} className="mb-4 mt-2 space-y-2 text-sm text-slate-600" />
            <Card title="Getting started">
              <p className="mb-3 text-sm text-slate-600">
                A workspace admin creates keys under <span className="font-medium">Settings → API keys</span>. The examples below read these
                variables:
              </p>
              <pre className="overflow-x-auto rounded-md bg-slate-900 px-4 py-3 font-mono text-xs text-slate-100">
                {`export SIGNALBOARD_URL=${await origin()}\nexport SIGNALBOARD_API_KEY=sb_...\nexport WORKSPACE=<your workspace's slug>`}
              </pre>
              <p className="mt-4 mb-2 text-sm text-slate-600">Every error has this body:</p>
              <SchemaTable schema={components.Error!} components={components} />
            </Card>
          </section>
          {byTag.map(({ tag, operations: ops }) => (
            <section key={tag.name} id={tag.name} className="scroll-mt-6 space-y-4">
              <div>
                <h2 className="text-xl font-semibold text-slate-900">{tag.name}</h2>
                <p className="text-sm text-slate-500">{tag.description}</p>
              </div>
              {ops.map(({ path, method, op }) => (
                <OperationCard key={`${method} ${path}`} method={method} path={path} op={op} document={document} />
              ))}
            </section>
          ))}
        </main>
      </div>
    </div>
  );
}
