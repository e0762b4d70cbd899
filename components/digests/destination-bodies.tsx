import type { DigestPreviewView } from "@/lib/digests/api-schema";
import { emailsIn, readableText } from "./readable-body";

// What each destination would receive: an email as it renders (in a sandboxed frame: no scripts,
// no forms, no navigation out of the preview), a chat message as readable text with its exact
// JSON body beside it, a webhook's JSON as sent.

const KIND_LABELS: Record<string, string> = {
  email: "Email",
  slack: "Slack (Block Kit)",
  wecom: "WeCom (markdown)",
  dingtalk: "DingTalk (markdown)",
  lark: "Lark / Feishu (card)",
  teams: "Teams (Adaptive Card)",
  webhook: "Webhook (JSON)",
  document: "Message document",
};

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function Body({ kind, body }: { kind: string; body: unknown }) {
  const emails = kind === "email" ? emailsIn(body) : null;
  if (emails) {
    return (
      <div className="space-y-3">
        {emails.map((email, i) => (
          <div key={i} className="space-y-1">
            <p className="text-sm">
              <span className="text-slate-500">Subject:</span> <span className="font-medium">{email.subject}</span>
            </p>
            <iframe
              title={`Email preview: ${email.subject}`}
              sandbox=""
              srcDoc={email.html}
              className="h-96 w-full rounded-md bg-white ring-1 ring-slate-200"
              data-testid="email-preview"
            />
          </div>
        ))}
      </div>
    );
  }
  const readable = kind === "webhook" || kind === "document" ? "" : readableText(body);
  return (
    <div className="space-y-2">
      {readable ? (
        <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 text-sm" data-testid="readable-body">
          {readable}
        </pre>
      ) : null}
      <details open={!readable} className="rounded-md ring-1 ring-slate-200">
        <summary className="cursor-pointer px-3 py-2 text-xs font-medium text-slate-600">{readable ? "Exact JSON body" : "JSON body"}</summary>
        <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words px-3 pb-3 font-mono text-xs" data-testid="json-body">
          {pretty(body)}
        </pre>
      </details>
    </div>
  );
}

export function DestinationBodies({ preview }: { preview: DigestPreviewView }) {
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        {preview.range.label}: {preview.range.date_from === preview.range.date_to ? preview.range.date_from : `${preview.range.date_from} to ${preview.range.date_to}`}
      </p>
      {preview.stale_sources.length > 0 ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200" data-testid="stale-sources">
          Not synced since these days ended: {preview.stale_sources.join(", ")}. A scheduled run waits up to 3 hours for them, then goes out naming them.
        </p>
      ) : null}
      {preview.destinations.map((d) => (
        <section key={d.destination_id || "none"} className="space-y-2 rounded-lg p-3 ring-1 ring-slate-200" data-testid="destination-preview" aria-label={`What ${d.name} receives`}>
          <h3 className="text-sm font-semibold text-slate-900">
            {d.name} <span className="font-normal text-slate-500">· {KIND_LABELS[d.kind] ?? d.kind}</span>
          </h3>
          {d.destination_id === "" ? <p className="text-xs text-slate-500">No destination chosen yet: this is the message itself, before any destination formats it.</p> : null}
          {d.error ? <p className="text-sm text-red-700">{d.error}</p> : null}
          {d.skipped ? <p className="text-sm text-slate-700">Not sent: {d.skipped}</p> : null}
          {d.body !== null && d.body !== undefined ? <Body kind={d.kind} body={d.body} /> : null}
        </section>
      ))}
    </div>
  );
}
