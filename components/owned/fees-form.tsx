"use client";

import { useActionState } from "react";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";

// The fees form on the costs page: a fee and its unit per channel (blank: the channel costs
// nothing), and whether owned cost joins ad spend in MER and CAC. Admins only; plain form fields,
// so it works by keyboard and before the page has hydrated.

type Fee = { channel: string; unit: string; fee: string };

const UNITS: { value: string; label: string }[] = [
  { value: "send", label: "per send" },
  { value: "segment", label: "per SMS segment" },
  { value: "point", label: "per point" },
];

export function FeesForm({ slug, channels, fees, includeInBlended, currency, action }: {
  slug: string;
  channels: readonly string[];
  fees: Fee[];
  includeInBlended: boolean;
  currency: string;
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const [state, dispatch] = useActionState(action, null);
  const feeOf = new Map(fees.map((f) => [f.channel, f]));
  const field = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";
  return (
    <form action={dispatch} className="space-y-4" aria-label="Owned-channel fees">
      <input type="hidden" name="slug" value={slug} />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {channels.map((channel) => {
          const error = state?.fields?.[`fee_${channel}`];
          return (
            <fieldset key={channel} className="rounded-md border border-slate-200 p-3">
              <legend className="px-1 text-sm font-medium text-slate-800">{channel}</legend>
              <label className="block text-sm text-slate-700">
                Fee ({currency})
                <input
                  name={`fee_${channel}`} inputMode="decimal" defaultValue={feeOf.get(channel)?.fee ?? ""} placeholder="none"
                  aria-invalid={error ? true : undefined} aria-describedby={error ? `fee-${channel}-error` : undefined} className={field}
                />
              </label>
              {error ? <p id={`fee-${channel}-error`} className="mt-1 text-xs text-red-700">{error}</p> : null}
              <label className="mt-2 block text-sm text-slate-700">
                Charged
                <select name={`unit_${channel}`} defaultValue={feeOf.get(channel)?.unit ?? (channel === "sms" ? "segment" : "send")} className={field}>
                  {UNITS.map((u) => (
                    <option key={u.value} value={u.value}>
                      {u.label}
                    </option>
                  ))}
                </select>
              </label>
            </fieldset>
          );
        })}
      </div>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" name="include_in_blended" defaultChecked={includeInBlended} className="mt-0.5" />
        <span>Count owned-channel cost beside ad spend in MER and CAC (dashboards, the KPI API and digests).</span>
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel="Saving…">Save fees</SubmitButton>
        <ActionNotice state={state} />
      </div>
    </form>
  );
}
