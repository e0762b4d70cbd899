import Link from "next/link";
import { TrackingSetupLink } from "@/components/tracking/setup-link";
import type { TEmptyReason } from "@/lib/attribution/status";

// What a workspace without attribution sees instead of an empty table: how to start tracking,
// or that tracking works and orders are waiting to be matched.

export function AttributionEmpty({ reason, slug, canSetUp }: { reason: TEmptyReason; slug: string; canSetUp: boolean }) {
  return (
    <section className="rounded-lg bg-white px-5 py-8 text-center shadow-sm ring-1 ring-slate-200" data-testid={`attribution-empty-${reason}`}>
      {reason === "no_tracking" ? (
        <div className="mx-auto max-w-xl space-y-3">
          <p className="font-medium text-slate-900">No tracked visits yet, so no order can be credited to a channel.</p>
          <p className="text-sm text-slate-600">
            Attribution follows each visitor from their first visit to their order. Install the tracking snippet on your store, or the Shopify web pixel: create a
            write key under Settings → Tracking and paste the loader it shows into your theme. Visits appear within a minute, and orders are matched to them as they come in.
          </p>
          <TrackingSetupLink slug={slug} canSetUp={canSetUp} />
        </div>
      ) : (
        <div className="mx-auto max-w-xl space-y-3">
          <p className="font-medium text-slate-900">Visits are being tracked, but no order has been matched to a visitor yet.</p>
          <p className="text-sm text-slate-600">
            An order is matched by the checkout event that carried its id, then by the store&apos;s customer id, then by email. Orders are checked within a minute of
            arriving; once one matches, its credit shows here.
          </p>
          <Link href={`/w/${slug}/tracking`} className="inline-block text-sm font-medium text-brand-600 hover:underline">
            See the tracking live view
          </Link>
        </div>
      )}
    </section>
  );
}
