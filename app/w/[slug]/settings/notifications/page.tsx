import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { listDeliveries, listFailedDeliveries, type DeliveryView } from "@/lib/notifications/deliveries";
import { listDestinations } from "@/lib/notifications/destinations";
import { DESTINATION_KINDS, DESTINATION_LABELS } from "@/lib/notifications/message";
import { sinkEnabled } from "@/lib/notifications/sink";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { deleteDestinationAction, replayDeliveryAction, sendTestAction, toggleDestinationAction } from "./actions";
import { CreateDestinationForm } from "./create-destination-form";
import { EditDestinationForm } from "./edit-destination-form";

export const metadata: Metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

const BADGE = "inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";
const STATUS_BADGE: Record<DeliveryView["status"], string> = {
  queued: "bg-slate-50 text-slate-700 ring-slate-200",
  sending: "bg-sky-50 text-sky-800 ring-sky-200",
  delivered: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  failed: "bg-red-50 text-red-700 ring-red-200",
};

function DeliveryRows({ deliveries, slug, format, names }: { deliveries: DeliveryView[]; slug: string; format: (d: Date) => string; names?: Map<string, string> }) {
  return (
    <DataTable columns={[{ label: "When" }, ...(names ? [{ label: "Destination" }] : []), { label: "Message" }, { label: "Status" }, { label: "Attempts" }, { label: "Last error" }, { label: "" }]}>
      {deliveries.map((d) => (
        <tr key={d.id} data-testid="delivery-row" className="align-top">
          <td className="whitespace-nowrap py-2 pr-4 text-slate-600">{format(d.createdAt)}</td>
          {names ? <td className="py-2 pr-4">{names.get(d.destinationId) ?? "—"}</td> : null}
          <td className="py-2 pr-4">
            <span className="block">{d.title}</span>
            <span className="text-xs text-slate-500">
              {d.messageKind}
              {d.replayOf ? " · replay" : ""}
            </span>
          </td>
          <td className="py-2 pr-4">
            <span className={`${BADGE} ${STATUS_BADGE[d.status]}`} data-testid="delivery-status">
              {d.status}
            </span>
            {d.status === "queued" && d.attempts > 0 && d.nextAttemptAt ? <span className="block text-xs text-slate-500">retry at {format(d.nextAttemptAt)}</span> : null}
          </td>
          <td className="py-2 pr-4 text-slate-600">{d.attempts}</td>
          <td className="max-w-xs break-words py-2 pr-4 text-xs text-slate-600">{d.lastError ?? ""}</td>
          <td className="py-2 text-right">
            {d.status === "failed" ? (
              <ActionForm action={replayDeliveryAction} hidden={{ slug, id: d.id }} label={`Replay ${d.title}`}>
                <SubmitButton variant="secondary" pendingLabel="Queuing…">
                  Replay
                </SubmitButton>
              </ActionForm>
            ) : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export default async function NotificationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace } = await requireWorkspacePage((await params).slug, "settings.manage");
  const destinations = await listDestinations(workspace.id);
  const [logs, failed] = await Promise.all([Promise.all(destinations.map((d) => listDeliveries(workspace.id, d.id))), listFailedDeliveries(workspace.id)]);
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.timeZone });
  const format = (d: Date) => when.format(d);
  const names = new Map(destinations.map((d) => [d.id, d.name]));
  const slug = workspace.slug;
  const kinds = DESTINATION_KINDS.map((value) => ({ value, label: DESTINATION_LABELS[value] }));
  return (
    <>
      <Card
        title="Add a destination"
        description="Where digests and alerts are sent. Webhook URLs and secrets are stored encrypted and never shown again; each message is retried up to 3 times."
      >
        <CreateDestinationForm slug={slug} kinds={kinds} />
        {sinkEnabled() ? (
          <p className="mt-4 text-sm text-slate-600">
            No chat account at hand? Point a destination at this workspace&apos;s{" "}
            <Link href={`/w/${slug}/settings/notifications/sink`} className="font-medium text-brand-700 hover:underline">
              webhook sink
            </Link>{" "}
            and watch the message arrive.
          </p>
        ) : null}
      </Card>

      <Card title={`Destinations (${destinations.length})`}>
        {destinations.length === 0 ? (
          <p className="text-sm text-slate-500">No destinations yet. Add one above, then send it a test.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {destinations.map((destination, index) => (
              <li key={destination.id} data-testid="destination" className="space-y-3 py-4 first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <h3 className="font-medium text-slate-900">
                      {destination.name}{" "}
                      <span className={`${BADGE} ${destination.enabled ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : "bg-red-50 text-red-700 ring-red-200"}`}>
                        {destination.enabled ? "On" : "Switched off"}
                      </span>
                    </h3>
                    <p className="text-sm text-slate-500">{DESTINATION_LABELS[destination.kind]}</p>
                    <p className="break-all font-mono text-xs text-slate-500" data-testid="destination-hint">
                      {[destination.hint.url, destination.hint.secret && `secret ${destination.hint.secret}`, destination.hint.addresses?.join(", ")].filter(Boolean).join(" · ")}
                    </p>
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <ActionForm action={sendTestAction} hidden={{ slug, id: destination.id }} label={`Send a test to ${destination.name}`}>
                      <SubmitButton pendingLabel="Sending…">Send test</SubmitButton>
                    </ActionForm>
                    <ActionForm action={toggleDestinationAction} hidden={{ slug, id: destination.id, enabled: String(!destination.enabled) }}>
                      <SubmitButton variant="secondary" pendingLabel="Saving…">
                        {destination.enabled ? "Switch off" : "Switch on"}
                      </SubmitButton>
                    </ActionForm>
                    <ActionForm action={deleteDestinationAction} hidden={{ slug, id: destination.id }}>
                      <SubmitButton variant="ghost" pendingLabel="Deleting…">
                        Delete
                      </SubmitButton>
                    </ActionForm>
                  </div>
                </div>
                {destination.disabledReason ? <Notice tone="error">{destination.disabledReason}</Notice> : null}
                {destination.enabled && destination.failureStreak >= 3 ? (
                  <Notice tone="error">The last {destination.failureStreak} messages to this destination failed.</Notice>
                ) : null}
                <details className="rounded-md ring-1 ring-slate-200">
                  <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700">Edit</summary>
                  <div className="px-3 pb-3">
                    <EditDestinationForm slug={slug} destination={destination} />
                  </div>
                </details>
                <details className="rounded-md ring-1 ring-slate-200" open={index === 0 || logs[index]!.some((d) => d.status !== "delivered")} data-testid="delivery-log">
                  <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700">Delivery log ({logs[index]!.length}, last 100)</summary>
                  <div className="px-3 pb-3">
                    {logs[index]!.length === 0 ? (
                      <p className="text-sm text-slate-500">Nothing sent yet.</p>
                    ) : (
                      <DeliveryRows deliveries={logs[index]!} slug={slug} format={format} />
                    )}
                  </div>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={`Failed deliveries (${failed.length})`} description="Messages that could not be delivered after 3 attempts (or were refused). Replay sends the same message again.">
        {failed.length === 0 ? (
          <p className="text-sm text-slate-500">No failed deliveries.</p>
        ) : (
          <DeliveryRows deliveries={failed} slug={slug} format={format} names={names} />
        )}
      </Card>
    </>
  );
}
