"use client";

import { useEffect, useState } from "react";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import type { OpenApiDocument } from "@/lib/api/openapi/document";
import { OPENAPI_URL } from "./openapi-url";
import { OperationCard, operationAnchor } from "./operation";
import { RichText } from "./rich-text";
import { SchemaTable } from "./schema-table";
import type { Components } from "./schema-text";

type Loaded = { document: OpenApiDocument; origin: string } | { error: string } | null;

function groups(document: OpenApiDocument) {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  return document.tags
    .map((tag) => ({ tag, operations: operations.filter((o) => o.op.tags[0] === tag.name) }))
    .filter((group) => group.operations.length > 0);
}

/**
 * The reference, drawn in the browser from the same document the API serves. Rendering it on the
 * server made a page of nearly a megabyte (every table twice: as HTML and as the data to hydrate
 * it); the document itself is a few kilobytes compressed.
 */
export function ApiReference() {
  const [loaded, setLoaded] = useState<Loaded>(null);

  useEffect(() => {
    let cancelled = false;
    fetch(OPENAPI_URL)
      .then((response) => {
        if (!response.ok) throw new Error(`The API description could not be loaded (HTTP ${response.status}).`);
        return response.json() as Promise<OpenApiDocument>;
      })
      .then(
        (spec) => !cancelled && setLoaded({ document: spec, origin: window.location.origin }),
        (error: Error) => !cancelled && setLoaded({ error: error.message }),
      );
    return () => {
      cancelled = true;
    };
  }, []);

  // The sections exist only now, so a link to one (#Dashboards) is followed once they do.
  useEffect(() => {
    if (loaded && "document" in loaded && window.location.hash) {
      document.getElementById(decodeURIComponent(window.location.hash.slice(1)))?.scrollIntoView();
    }
  }, [loaded]);

  if (loaded === null) {
    return (
      <p className="text-sm text-slate-500" role="status">
        Loading the API reference…
      </p>
    );
  }
  if ("error" in loaded) return <Notice tone="error">{loaded.error}</Notice>;
  return <Reference document={loaded.document} origin={loaded.origin} />;
}

function Reference({ document, origin }: { document: OpenApiDocument; origin: string }) {
  const byTag = groups(document);
  const components = document.components.schemas as unknown as Components;
  return (
    <div className="grid gap-8 lg:grid-cols-[14rem_1fr]" data-testid="api-reference">
      <nav aria-label="Endpoints" className="text-sm lg:sticky lg:top-6 lg:self-start">
        {byTag.map(({ tag, operations }) => (
          <div key={tag.name} className="mb-4">
            <a href={`#${tag.name}`} className="font-semibold text-slate-900">
              {tag.name}
            </a>
            <ul className="mt-1 space-y-1">
              {operations.map(({ op }) => (
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
      <div className="min-w-0 space-y-10">
        <section>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{document.info.title}</h1>
          <RichText text={document.info.description} className="mb-4 mt-2 space-y-2 text-sm text-slate-600" />
          <Card title="Getting started">
            <p className="mb-3 text-sm text-slate-600">
              A workspace admin creates keys under <span className="font-medium">Settings → API keys</span>. The examples below read these
              variables:
            </p>
            <pre className="overflow-x-auto rounded-md bg-slate-900 px-4 py-3 font-mono text-xs text-slate-100">
              {`export SIGNALBOARD_URL=${origin}\nexport SIGNALBOARD_API_KEY=sb_...\nexport WORKSPACE=<your workspace's slug>`}
            </pre>
            <p className="mb-2 mt-4 text-sm text-slate-600">Every error has this body:</p>
            <SchemaTable schema={components.Error!} components={components} />
          </Card>
        </section>
        {byTag.map(({ tag, operations }) => (
          <section key={tag.name} id={tag.name} className="scroll-mt-6 space-y-4">
            <div>
              <h2 className="text-xl font-semibold text-slate-900">{tag.name}</h2>
              <p className="text-sm text-slate-500">{tag.description}</p>
            </div>
            {operations.map(({ path, method, op }) => (
              <OperationCard key={`${method} ${path}`} method={method} path={path} op={op} document={document} />
            ))}
          </section>
        ))}
      </div>
    </div>
  );
}
