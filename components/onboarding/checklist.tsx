import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";
import type { OnboardingStatus } from "@/lib/onboarding/status";

/** The first-run checklist: what is left to set up, each step linking to where it is done. */
export function OnboardingChecklist({ status, slug, dismiss }: {
  status: OnboardingStatus;
  slug: string;
  dismiss: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const { steps, completed } = status;
  return (
    <section aria-labelledby="onboarding-title" data-testid="onboarding" className="mb-6 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div className="min-w-0">
          <h2 id="onboarding-title" className="text-base font-semibold text-slate-900">
            Get set up
          </h2>
          <p className="mt-1 text-sm text-slate-500" data-testid="onboarding-progress">
            {completed} of {steps.length} done. Each step ticks itself off once Signalboard sees it done.
          </p>
        </div>
        <ActionForm action={dismiss} hidden={{ slug }} label="Dismiss the setup checklist">
          <SubmitButton variant="ghost" pendingLabel="Hiding…">
            Dismiss
          </SubmitButton>
        </ActionForm>
      </header>
      <div className="h-1 bg-slate-100" aria-hidden>
        <div className="h-1 bg-brand-600" style={{ width: `${(completed / steps.length) * 100}%` }} />
      </div>
      <ol className="divide-y divide-slate-100">
        {steps.map((step) => (
          <li key={step.id} data-testid="onboarding-step" data-step={step.id} data-done={step.done} className="flex items-center gap-3 px-5 py-3">
            <span
              aria-hidden
              className={`grid h-6 w-6 shrink-0 place-items-center rounded-full text-xs font-semibold ${step.done ? "bg-emerald-100 text-emerald-700" : "bg-slate-100 text-slate-400"}`}
            >
              {step.done ? "✓" : ""}
            </span>
            <div className="min-w-0 flex-1">
              <p className={`text-sm font-medium ${step.done ? "text-slate-500 line-through" : "text-slate-900"}`}>
                {step.title}
                <span className="sr-only">{step.done ? " (done)" : " (to do)"}</span>
              </p>
              <p className="text-xs text-slate-500">{step.description}</p>
            </div>
            {step.done ? null : (
              <Link href={step.href} className="shrink-0 text-sm font-medium text-brand-700 hover:underline">
                {step.action}
                <span className="sr-only">: {step.title}</span>
              </Link>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
