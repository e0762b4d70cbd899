import type { PastDueNotice } from "@/lib/billing/past-due";

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);

/** The strip under the header while a payment has failed: for owners and admins only. */
export function PastDueBanner({ notice }: { notice: PastDueNotice }) {
  const message = notice.readOnly
    ? "The last payment failed and the grace period is over: this workspace is read-only until it is paid."
    : `The last payment failed. ${notice.graceDaysLeft === 0 ? "Today is the last day" : `${days(notice.graceDaysLeft)} left`} before this workspace becomes read-only.`;
  return (
    <div className="border-b border-red-200 bg-red-50" role="alert" data-testid="past-due-banner">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm text-red-900">
        <span>{message}</span>
        {notice.billingHref ? (
          <a href={notice.billingHref} className="font-medium underline">
            Update the payment method
          </a>
        ) : (
          <span className="text-red-800">An owner can update the payment method on the billing page.</span>
        )}
      </div>
    </div>
  );
}
