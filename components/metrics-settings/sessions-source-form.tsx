import type { ActionState } from "@/lib/actions";
import { ChoiceForm } from "./choice-form";

function choices(effective: "ga4" | "tracking") {
  return [
    {
      value: "auto",
      label: `Automatic (now ${effective === "ga4" ? "Google Analytics 4" : "Signalboard tracking"})`,
      description: "Google Analytics 4 for the days it reported, the store's own tracking for the others.",
    },
    { value: "ga4", label: "Google Analytics 4", description: "Sessions as the connected GA4 property reports them." },
    {
      value: "tracking",
      label: "Signalboard tracking",
      description: "Sessions built from the tracking snippet's and web pixel's events. Bots are left out, and reports say how many.",
    },
  ];
}

export function SessionsSourceForm({ slug, current, effective, action, readOnly }: {
  slug: string;
  /** The saved choice: "auto" when none was made. */
  current: string;
  /** Which source "auto" stands for now. */
  effective: "ga4" | "tracking";
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  readOnly: boolean;
}) {
  return <ChoiceForm slug={slug} name="sessionsSource" title="Sessions source" choices={choices(effective)} current={current} action={action} readOnly={readOnly} />;
}
