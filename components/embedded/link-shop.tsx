"use client";

import { useId, useState } from "react";
import { embeddedJson, EmbeddedApiError, toast } from "./app-bridge";
import { PBanner, PSection } from "./polaris";

// Linking the shop to a Signalboard workspace that already exists: the code is made there by an
// owner or admin (Connections, Link a Shopify admin install) and pasted here. Once linked, the app
// loads again and opens that workspace.

export function LinkShopForm({ intro }: { intro: string }) {
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldId = useId();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!code.trim()) return setError("Paste the link code made in Signalboard.");
    setBusy(true);
    setError(null);
    try {
      const linked = await embeddedJson<{ workspace: { name: string } }>("/api/embedded/link", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: code.trim() }),
      });
      toast(`This shop now opens ${linked.workspace.name}.`);
      window.location.reload();
    } catch (caught) {
      setError(caught instanceof EmbeddedApiError ? caught.message : "Signalboard could not be reached. Try again.");
      setBusy(false);
    }
  };

  return (
    <PSection heading="Link to an existing Signalboard workspace" testId="embedded-link-shop">
      <p className="mb-3 text-sm text-[#616161]">{intro}</p>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" noValidate>
        <label className="embedded-field min-w-0 flex-1" htmlFor={fieldId}>
          <span>Link code</span>
          <input
            id={fieldId}
            name="code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className="embedded-input"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${fieldId}-error` : undefined}
            data-testid="embedded-link-code"
          />
        </label>
        <button type="submit" className="embedded-button" disabled={busy}>
          {busy ? "Linking…" : "Link shop"}
        </button>
      </form>
      {error ? (
        <div className="mt-3" id={`${fieldId}-error`}>
          <PBanner tone="critical" testId="embedded-link-error">
            {error}
          </PBanner>
        </div>
      ) : null}
    </PSection>
  );
}
