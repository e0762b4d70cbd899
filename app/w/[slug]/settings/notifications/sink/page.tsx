import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { listSinkMessages, sinkEnabled, sinkUrl } from "@/lib/notifications/sink";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Webhook sink" };
export const dynamic = "force-dynamic";

/** A body as sent, pretty-printed when it is JSON. */
function shown(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

// What this workspace's sink address received: point a Slack, WeCom or webhook destination at it
// to watch a real message arrive without a chat account.
export default async function SinkPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace } = await requireWorkspacePage((await params).slug, "settings.manage");
  const enabled = sinkEnabled();
  const messages = enabled ? await listSinkMessages(workspace.id) : [];
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: workspace.timeZone });
  return (
    <>
      <p className="text-sm">
        <Link href={`/w/${workspace.slug}/settings/notifications`} className="font-medium text-brand-700 hover:underline">
          ← Notifications
        </Link>
      </p>
      <Card
        title="Webhook sink"
        description="An address inside Signalboard that keeps whatever is posted to it. Use it as the URL of a Slack, WeCom, DingTalk, Lark, Teams or webhook destination to see exactly what would be sent."
      >
        {enabled ? (
          <>
            <label htmlFor="sink-url" className="text-sm font-medium text-slate-700">
              This workspace&apos;s sink URL
            </label>
            <input
              id="sink-url"
              readOnly
              value={sinkUrl(workspace.id)}
              data-testid="sink-url"
              className="mt-1 block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs"
            />
            <p className="mt-1 text-xs text-slate-500">Replace the last part (&quot;inbox&quot;) with any name to tell destinations apart.</p>
          </>
        ) : (
          <Notice>The sink is off on this server. Set SIGNALBOARD_DEV_SINK=1 to turn it on.</Notice>
        )}
      </Card>
      <Card title={`Received (${messages.length})`} description="Newest first; the latest 200 are kept.">
        {messages.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing has arrived yet. Send a test from a destination pointing here.</p>
        ) : (
          <ul className="space-y-4">
            {messages.map((message) => (
              <li key={message.id} data-testid="sink-message" className="rounded-md ring-1 ring-slate-200">
                <p className="border-b border-slate-100 px-3 py-2 text-xs text-slate-500">
                  <span className="font-medium text-slate-700">{message.channel}</span> · {when.format(message.createdAt)}
                  {Object.entries(message.headers as Record<string, string>).map(([name, value]) => (
                    <span key={name} className="block break-all font-mono">
                      {name}: {value}
                    </span>
                  ))}
                </p>
                <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words px-3 py-2 text-xs">{shown(message.body)}</pre>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
