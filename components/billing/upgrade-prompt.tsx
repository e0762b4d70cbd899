import Link from "next/link";

/**
 * Where a plan's limits bite: each one, the plan that lifts it, and for owners the way to the
 * billing page. The server refuses the next one anyway; this says so before anyone tries.
 */
export function UpgradePrompts({ messages, slug, canBill }: { messages: string[]; slug: string; canBill: boolean }) {
  if (messages.length === 0) return null;
  return (
    <div className="space-y-2">
      {messages.map((message) => (
        <div key={message} role="status" data-testid="upgrade-prompt" className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          <span>{message}</span>
          {canBill ? (
            <Link href={`/w/${slug}/settings/billing`} className="font-medium underline">
              See plans
            </Link>
          ) : null}
        </div>
      ))}
    </div>
  );
}

/** Where a plan hides older history: its note (null when nothing is hidden), with the way to more. */
export function HistoryNote({ note, slug, canBill }: { note: string | null; slug: string; canBill: boolean }) {
  return <UpgradePrompts messages={note ? [note] : []} slug={slug} canBill={canBill} />;
}
