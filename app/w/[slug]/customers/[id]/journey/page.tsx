import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { HistoryNote } from "@/components/billing/upgrade-prompt";
import { IdentityLinks } from "@/components/journeys/identity-links";
import { JourneyControls } from "@/components/journeys/journey-controls";
import { JourneyNoTracking } from "@/components/journeys/no-tracking";
import { JourneyTimeline } from "@/components/journeys/journey-timeline";
import { Card, PageHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { MODEL_LABELS } from "@/lib/attribution/labels";
import { ATTRIBUTION_MODELS, LOOKBACK_WINDOWS } from "@/lib/attribution/models";
import { AppError } from "@/lib/errors";
import { getCustomerJourney } from "@/lib/journeys/build";
import { parseJourneyQuery, type TJourneyQuery } from "@/lib/journeys/query";
import { searchParamsOf, type PageSearch } from "@/lib/page-search";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Customer journey" };

/** The query's model and window; a bad one falls back to the defaults with the reason shown. */
function queryOf(search: URLSearchParams): { query: TJourneyQuery; problem: string | null } {
  try {
    return { query: parseJourneyQuery(search), problem: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { query: { model: null, window: null }, problem: error.message };
  }
}

export default async function CustomerJourneyPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<PageSearch> }) {
  const { slug, id } = await params;
  const { workspace, role } = await requireWorkspacePage(slug);
  const { query, problem } = queryOf(searchParamsOf(await searchParams));
  let journey;
  try {
    journey = await getCustomerJourney(workspace.id, id, query, { revealEmail: can(role, "dashboards.edit") });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  const profileHref = `/w/${workspace.slug}/customers/${id}`;
  const modelLabel = MODEL_LABELS[journey.model];
  const sessionsNote = journey.sessions_total > journey.sessions.length ? `Showing the latest ${journey.sessions.length} of ${journey.sessions_total} visits.` : null;
  const ordersNote = journey.orders_total > journey.orders.length ? `Showing the latest ${journey.orders.length} of ${journey.orders_total} orders.` : null;

  return (
    <div className="space-y-6">
      <Link href={profileHref} className="text-sm text-brand-700 hover:underline">
        ← Customer
      </Link>
      <PageHeader
        title={`Journey of ${journey.customer.email ?? "a customer without email"}`}
        description={`Visits and orders across every device this customer was recognised on. Times in ${journey.time_zone}.`}
      />
      {problem ? <Notice tone="error">{problem} Showing the workspace&apos;s default model and window instead.</Notice> : null}
      <HistoryNote note={journey.history_note} slug={workspace.slug} canBill={can(role, "billing.manage")} />
      <JourneyControls
        action={`${profileHref}/journey`}
        model={journey.model}
        window={journey.window}
        models={ATTRIBUTION_MODELS.map((m) => ({ value: m, label: MODEL_LABELS[m] }))}
        windows={LOOKBACK_WINDOWS}
      />
      {journey.visitors_total === 0 ? <JourneyNoTracking slug={workspace.slug} canSetUp={can(role, "settings.manage")} /> : null}
      <Card
        title="Timeline"
        description={`Each order shows the credit its touchpoints got under ${modelLabel}, ${journey.window === 1 ? "1 day" : `${journey.window} days`} lookback.`}
      >
        {sessionsNote || ordersNote ? <p className="mb-3 text-xs text-slate-500">{[sessionsNote, ordersNote].filter(Boolean).join(" ")}</p> : null}
        {journey.sessions.length === 0 && journey.orders.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing to show yet.</p>
        ) : (
          <JourneyTimeline journey={journey} modelLabel={modelLabel} />
        )}
      </Card>
      {journey.visitors_total > 0 ? <IdentityLinks journey={journey} /> : null}
    </div>
  );
}
