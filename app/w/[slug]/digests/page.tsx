import type { Metadata } from "next";
import Link from "next/link";
import { UpgradePrompts } from "@/components/billing/upgrade-prompt";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { limitsReached } from "@/lib/billing/limits";
import { ZRunOutcomeSchema } from "@/lib/digests/api-schema";
import { listDigests } from "@/lib/digests/service";
import { listDestinations } from "@/lib/notifications/destinations";
import { actorUserId } from "@/lib/tenancy/guard";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Digests" };
export const dynamic = "force-dynamic";

const OUTCOME_WORDS = { sent: "Sent", sent_stale: "Sent, with stale sources", skipped: "Not sent", waiting: "Waiting for the day's syncs" } as const;

function outcomeWords(raw: unknown): string {
  const outcome = ZRunOutcomeSchema.safeParse(raw);
  if (!outcome.success) return "";
  const stale = outcome.data.stale_sources.length > 0 ? ` (${outcome.data.stale_sources.join(", ")})` : "";
  return `${OUTCOME_WORDS[outcome.data.status]}${stale}`;
}

export default async function DigestsPage({ params }: { params: Promise<{ slug: string }> }) {
  const context = await requireWorkspacePage((await params).slug);
  const { workspace, role } = context;
  const [digests, destinations] = await Promise.all([listDigests(workspace.id, { userId: actorUserId(context) }), listDestinations(workspace.id)]);
  const canEdit = can(role, "dashboards.edit");
  const reached = canEdit ? await limitsReached(workspace.id, ["digestsAndAlertRules"]) : [];
  const names = new Map(destinations.map((d) => [d.id, d.name]));
  const base = `/w/${workspace.slug}/digests`;
  const when = (date: Date, timeZone: string) => new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
  const newDigest = canEdit ? <Link href={`${base}/new`} className={buttonClass()}>New digest</Link> : null;
  return (
    <div className="space-y-6">
      <PageHeader title="Digests" description="Yesterday's (or last week's, or last month's) numbers, pushed to email, chat or a webhook on a schedule." actions={digests.length > 0 ? newDigest : null} />
      <UpgradePrompts messages={reached} slug={workspace.slug} canBill={can(role, "billing.manage")} />
      {digests.length === 0 ? (
        <Card>
          <div className="space-y-3 py-4 text-sm text-slate-600" data-testid="digests-empty">
            <p className="text-base font-medium text-slate-900">No digests yet</p>
            <p>
              A digest is a message with your key numbers (sales, orders, visitors, conversion rate, top campaigns and more) that Signalboard sends on a schedule you choose:
              every morning, on weekdays, weekly or monthly, in your time zone. It goes to email, Slack, WeCom, DingTalk, Lark, Teams or any webhook, and waits for the day&apos;s
              syncs so its numbers are complete.
            </p>
            {canEdit ? newDigest : <p>Members and above can create one.</p>}
          </div>
        </Card>
      ) : (
        <Card>
          <DataTable columns={[{ label: "Digest" }, { label: "Schedule" }, { label: "Next run" }, { label: "Sent to" }, { label: "Last run" }, { label: "" }]}>
            {digests.map((d) => (
              <tr key={d.id} data-testid="digest-row" className="align-top">
                <td className="py-2 pr-4">
                  <Link href={`${base}/${d.id}`} className="font-medium text-brand-700 hover:underline">{d.name}</Link>
                  {d.personal ? <span className="block text-xs text-slate-500">Personal</span> : null}
                  {d.enabled ? null : <span className="block text-xs text-slate-500">Off</span>}
                </td>
                <td className="min-w-48 py-2 pr-4">{d.scheduleText}</td>
                <td className="whitespace-nowrap py-2 pr-4">{d.enabled ? when(d.nextRunAt, d.timeZone) : "—"}</td>
                <td className="py-2 pr-4">{d.destinationIds.map((id) => names.get(id) ?? "(deleted)").join(", ") || "—"}</td>
                <td className="py-2 pr-4">
                  {d.lastRunAt ? <span className="block whitespace-nowrap">{when(d.lastRunAt, d.timeZone)}</span> : "Never"}
                  <span className="block text-xs text-slate-500" data-testid="digest-outcome">{outcomeWords(d.lastOutcome)}</span>
                </td>
                <td className="whitespace-nowrap py-2">
                  <Link href={`${base}/${d.id}/preview`} className="text-sm font-medium text-brand-700 hover:underline">Preview</Link>
                </td>
              </tr>
            ))}
          </DataTable>
        </Card>
      )}
    </div>
  );
}
