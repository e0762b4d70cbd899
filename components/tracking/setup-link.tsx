import Link from "next/link";

// Where an empty state sends people to install tracking: admins get the settings page, everyone
// else is told whom to ask (they could not open it).

export function TrackingSetupLink({ slug, canSetUp }: { slug: string; canSetUp: boolean }) {
  return canSetUp ? (
    <Link href={`/w/${slug}/settings/tracking`} className="inline-block text-sm font-medium text-brand-600 hover:underline">
      Settings → Tracking
    </Link>
  ) : (
    <p className="text-sm text-slate-600">Ask an admin of this workspace to set up tracking in Settings → Tracking.</p>
  );
}
