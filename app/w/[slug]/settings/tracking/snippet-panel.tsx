"use client";

import { useId, useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { CONSENT_MODES, loaderSnippet, type ConsentMode } from "@/lib/tracking/snippet/loader";

const CONSENT_LABELS: Record<ConsentMode, string> = {
  on: "Collect at once",
  cookieless: "Cookieless until consent",
  off: "Nothing until consent",
};

/** The loader to paste for one write key, for the consent mode the store needs. */
export function SnippetPanel({ writeKey, appUrl }: { writeKey: string; appUrl: string }) {
  const [consent, setConsent] = useState<ConsentMode>("on");
  const id = useId();
  const snippet = loaderSnippet({ writeKey, appUrl, consent });
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <label htmlFor={`${id}-consent`} className="block text-sm font-medium text-slate-700">
            Before the visitor consents
          </label>
          <select
            id={`${id}-consent`}
            value={consent}
            onChange={(event) => setConsent(event.target.value as ConsentMode)}
            className="block rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600"
          >
            {CONSENT_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {CONSENT_LABELS[mode]}
              </option>
            ))}
          </select>
        </div>
        <CopyButton text={snippet} label="Copy snippet" />
      </div>
      <pre
        data-testid="tracking-snippet"
        tabIndex={0}
        aria-label="Snippet to paste into the <head> of every page"
        className="max-w-full overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100"
      >
        <code>{snippet}</code>
      </pre>
      {consent === "on" ? null : (
        <p className="text-xs text-slate-500">
          When your consent banner records a yes, call <code>sb(&quot;consent&quot;, true)</code> on each page; a later{" "}
          <code>sb(&quot;consent&quot;, false)</code> deletes what the snippet stored.
        </p>
      )}
    </div>
  );
}
