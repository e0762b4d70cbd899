import { TrackingSetupLink } from "@/components/tracking/setup-link";

// A customer no visitor is linked to: how tracking ties visits to a customer, and where to set it up.

export function JourneyNoTracking({ slug, canSetUp }: { slug: string; canSetUp: boolean }) {
  return (
    <section className="rounded-lg bg-white px-5 py-8 text-center shadow-sm ring-1 ring-slate-200" data-testid="journey-no-tracking">
      <div className="mx-auto max-w-xl space-y-3">
        <p className="font-medium text-slate-900">No tracked visit is linked to this customer yet.</p>
        <p className="text-sm text-slate-600">
          The tracking snippet (or the Shopify web pixel) gives each browser an anonymous visitor id. A visitor becomes this customer when it identifies with
          their email, or completes a checkout whose order is theirs; from then on its earlier visits are part of their journey too.
        </p>
        <TrackingSetupLink slug={slug} canSetUp={canSetUp} />
      </div>
    </section>
  );
}
