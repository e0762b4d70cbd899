import type { Metadata } from "next";
import { headers } from "next/headers";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { OPAQUE_ORIGIN } from "@/lib/tracking/origins";
import { listWriteKeys } from "@/lib/tracking/write-keys";
import { CreateWriteKeyForm } from "./create-write-key-form";
import { RevokeWriteKey } from "./revoke-write-key";
import { SnippetPanel } from "./snippet-panel";

export const metadata: Metadata = { title: "Tracking" };

/** "null" alone reads like a missing value; say what it admits. */
const originLabel = (origin: string) => (origin === OPAQUE_ORIGIN ? "null (sandboxed pages, such as the Shopify web pixel)" : origin);

/** Where stores load /sb.js from: the app's configured public URL, else the address this page was reached at. */
async function appOrigin(): Promise<string> {
  const configured = process.env.APP_URL ?? process.env.AUTH_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const sent = await headers();
  return `${sent.get("x-forwarded-proto") ?? "http"}://${sent.get("host") ?? "localhost"}`;
}

export default async function TrackingSettingsPage({ params, searchParams }: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { workspace } = await requireWorkspacePage((await params).slug, "apikeys.manage");
  const [keys, appUrl, { revoked }] = await Promise.all([listWriteKeys(workspace.id), appOrigin(), searchParams]);
  // Times read in the workspace's reporting time zone, like every day in its reports.
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.timeZone });
  return (
    <>
      {revoked ? <Notice tone="success">Write key revoked. Events sent with it are now refused.</Notice> : null}
      <Card
        title="Create a write key"
        description="A write key lets your store's pages send visits and events to Signalboard. It sits in the pages' HTML, so it is public: it can only add events, and only from the origins you allow. Secret API keys are separate."
      >
        <CreateWriteKeyForm slug={workspace.slug} />
      </Card>
      <Card title={`Write keys (${keys.length})`} description="Paste a key's snippet into the <head> of every page of the store.">
        {keys.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="write-keys-empty">
            No write keys yet. Create one above; its snippet to paste appears here.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {keys.map((key) => (
              <li key={key.id} data-testid="write-key" className="space-y-4 py-5 first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 space-y-1">
                    <h3 className="font-medium text-slate-900">{key.name}</h3>
                    <p className="break-all font-mono text-xs text-slate-600">{key.key}</p>
                    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                      <dt className="text-slate-500">Allowed origins</dt>
                      <dd className="min-w-0 break-all text-slate-700">
                        {key.allowedOrigins.length ? key.allowedOrigins.map(originLabel).join(", ") : "None: no browser may send with this key"}
                      </dd>
                      <dt className="text-slate-500">Created</dt>
                      <dd className="text-slate-700">{when.format(key.createdAt)}</dd>
                      <dt className="text-slate-500">Last event</dt>
                      <dd className="text-slate-700" data-testid="write-key-last-event">
                        {key.lastEventAt ? when.format(key.lastEventAt) : "None yet"}
                      </dd>
                    </dl>
                  </div>
                  <RevokeWriteKey slug={workspace.slug} id={key.id} name={key.name} />
                </div>
                <SnippetPanel writeKey={key.key} appUrl={appUrl} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
