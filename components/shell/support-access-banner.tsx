import Link from "next/link";

/** Across every page an operator opens through support access: whose workspace, read-only, until when. */
export function SupportAccessBanner({ workspace, expiresAt }: { workspace: { name: string }; expiresAt: Date }) {
  const until = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(expiresAt);
  return (
    <div role="status" data-testid="support-access-banner" className="border-b border-amber-200 bg-amber-50">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm text-amber-900">
        <strong>Support access:</strong> you are viewing {workspace.name} as an operator, read-only, until {until} UTC. Your visits are recorded in its audit trail.{" "}
        <Link href="/admin" className="font-medium underline">
          Back to the operator console
        </Link>
      </p>
    </div>
  );
}
