import type { Metadata } from "next";
import Link from "next/link";
import { HistoryNote } from "@/components/billing/upgrade-prompt";
import { notFound } from "next/navigation";
import { ActivityCard } from "@/components/activity/activity-card";
import { PersonTags } from "@/components/tags/person-tags";
import { CustomerFacts, CustomerTimeline, LtvWindows, PredictionCard } from "@/components/customers/customer-profile";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { activityProfile } from "@/lib/activity/profile";
import { customerKeyOf } from "@/lib/customers/customer-id";
import { getCustomerProfile } from "@/lib/customers/profile";
import { AppError } from "@/lib/errors";
import { profileTags } from "@/lib/tags/profile";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { workspace, role } = await requireWorkspacePage(slug);
  let profile;
  try {
    profile = await getCustomerProfile(workspace.id, id, { revealEmail: can(role, "dashboards.edit") });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  const journeyHref = `/w/${workspace.slug}/customers/${id}/journey`;
  // The profile was found in this workspace, so its id is a customer key of it.
  const personKey = customerKeyOf(id)!;
  const [activity, tags] = await Promise.all([activityProfile(workspace.id, personKey, workspace.timeZone), profileTags(workspace.id, personKey)]);
  return (
    <div className="space-y-6">
      <Link href={`/w/${workspace.slug}/customers`} className="text-sm text-brand-700 hover:underline">
        ← Customers
      </Link>
      <PageHeader
        title={profile.email ?? "Customer without email"}
        description={profile.email_masked ? "The email is masked: members and above see it whole." : undefined}
        actions={
          <Link href={journeyHref} className={buttonClass("secondary")} data-testid="customer-journey-link">
            Journey
          </Link>
        }
      />
      <HistoryNote note={profile.history_note} slug={workspace.slug} canBill={can(role, "billing.manage")} />
      <CustomerFacts profile={profile} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <ActivityCard profile={activity} settingsHref={`/w/${workspace.slug}/settings/activity`} />
        <PersonTags slug={workspace.slug} customerId={id} timeZone={workspace.timeZone} tags={tags} canEdit={can(role, "dashboards.edit")} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <LtvWindows profile={profile} />
        <PredictionCard profile={profile} />
      </div>
      <CustomerTimeline profile={profile} journeyHref={journeyHref} />
    </div>
  );
}
