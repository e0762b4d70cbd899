import type { Metadata } from "next";
import Link from "next/link";
import { UnmergeButton } from "@/components/customers/unmerge-button";
import { Card, PageHeader } from "@/components/ui/card";
import { mergeReasonLabel, mergesForPage, type TMergeParty } from "@/lib/identity/merge-view";
import { MERGE_PAGE } from "@/lib/identity/merge-admin";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { unmergeAction } from "./actions";

export const metadata: Metadata = { title: "Customer merges" };

function Party({ party, base }: { party: TMergeParty; base: string }) {
  return party.hasProfile ? (
    <Link href={`${base}/${party.id}`} className="font-medium text-brand-700 hover:underline">{party.label}</Link>
  ) : (
    <span className="font-medium text-slate-900">{party.label}</span>
  );
}

export default async function CustomerMergesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}/customers`;
  const merges = await mergesForPage(workspace.id);
  const manage = can(role, "settings.manage");
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.timeZone });
  const at = (iso: string) => when.format(new Date(iso));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Customer merges"
        description="Records from your store, CRM, imports and tracking found to be one person, by the same phone number, email or member id. Cohorts, lifetime value, journeys and attribution count each merged person once."
        actions={<Link href={base} className="text-sm font-medium text-brand-700 hover:underline">All customers</Link>}
      />
      {merges.length === 0 ? (
        <Card title="No merges yet">
          <p className="text-sm text-slate-600">
            When a store customer, a CRM contact or an imported customer shares a phone number with another record, or tracking sees one
            person behind two records, they are merged and listed here.
          </p>
        </Card>
      ) : (
        <Card
          title="Recent merges"
          description={`The latest ${MERGE_PAGE} at most, newest first.${manage ? " Un-merging splits a person back into its two records." : " Admins can un-merge."}`}
        >
          <ul className="divide-y divide-slate-100" data-testid="merge-list">
            {merges.map((m) => (
              <li key={m.id} className="space-y-2 py-4 first:pt-0 last:pb-0" data-testid="merge-row">
                <p className="break-words text-sm text-slate-700">
                  <Party party={m.merged} base={base} /> merged into <Party party={m.survivor} base={base} />
                </p>
                <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
                  <div>
                    <dt className="text-xs text-slate-500">Why</dt>
                    <dd className="text-slate-800">{mergeReasonLabel(m.reason)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">When</dt>
                    <dd className="text-slate-800">{at(m.created_at)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">Found by</dt>
                    <dd className="break-all text-slate-800">{m.foundBy}</dd>
                  </div>
                </dl>
                {m.undone_at ? (
                  <p className="text-sm text-slate-500">Un-merged {at(m.undone_at)}; the same evidence will not merge them again.</p>
                ) : manage ? (
                  <UnmergeButton slug={workspace.slug} mergeId={m.id} names={[m.merged.label, m.survivor.label]} action={unmergeAction} />
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
