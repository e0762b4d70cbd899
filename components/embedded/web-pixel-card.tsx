"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import type { PixelStatus } from "@/lib/embedded/pixel";
import { callEmbeddedApi, type EmbeddedFetch } from "./embedded-api";

// The web pixel's switch for the embedded app: its state and one button that turns it on (or
// gives it a new key). Shopify's refusals are shown as Shopify worded them, with what to do.

const PATH = "/api/embedded/pixel";
const STATE_LABELS: Record<PixelStatus["state"], string> = { active: "On", not_activated: "Off", key_revoked: "Off: key revoked" };

export function WebPixelCard({ initial = null, fetchImpl }: { initial?: PixelStatus | null; fetchImpl?: EmbeddedFetch }) {
  const [status, setStatus] = useState<PixelStatus | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const call = fetchImpl ?? ((input, init) => fetch(input, init));

  useEffect(() => {
    if (initial) return;
    let live = true;
    void callEmbeddedApi<PixelStatus>(call, PATH).then((answer) => {
      if (!live) return;
      if (answer.ok) setStatus(answer.body);
      else setError(answer.message);
    });
    return () => {
      live = false;
    };
    // Loaded once; the button refreshes it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function activate() {
    setBusy(true);
    setError(null);
    const answer = await callEmbeddedApi<PixelStatus>(call, PATH, { method: "POST" });
    setBusy(false);
    if (answer.ok) setStatus(answer.body);
    else setError(answer.message);
  }

  return (
    <Card title="Web pixel" description="Records storefront and checkout events for shoppers who allow analytics.">
      <div className="space-y-3">
        {status ? (
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${status.active ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700"}`} data-testid="pixel-state">
              {STATE_LABELS[status.state]}
            </span>
            <span>{status.message}</span>
          </p>
        ) : error ? null : (
          <p className="text-sm text-slate-500">Loading…</p>
        )}
        {error ? <Notice tone="error">{error}</Notice> : null}
        {status ? (
          <Button type="button" onClick={activate} disabled={busy} variant={status.active ? "secondary" : "primary"}>
            {busy ? "Working…" : status.active ? "Update the pixel" : "Turn on the web pixel"}
          </Button>
        ) : null}
      </div>
    </Card>
  );
}
