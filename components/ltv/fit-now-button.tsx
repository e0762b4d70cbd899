"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Requested = { ok: true; requestedAt: string } | { ok: false; error: string };

// Queues a fit, then watches the model until a fit at or after the request has been stored, and
// reloads the page to show it. The fit runs in the background, so the page can be left meanwhile.
const POLL_MS = 2_000;
const GIVE_UP_MS = 10 * 60_000;

export function FitNowButton({ slug, fitNow }: { slug: string; fitNow: (slug: string) => Promise<Requested> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [waitingSince, setWaitingSince] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "info"; text: string } | null>(null);

  useEffect(() => {
    if (!waitingSince) return;
    const started = Date.now();
    const timer = setInterval(async () => {
      try {
        const response = await fetch(`/api/v1/workspaces/${encodeURIComponent(slug)}/models/ltv`, { cache: "no-store" });
        const model = (await response.json()) as { fitted_at: string | null };
        if (model.fitted_at && Date.parse(model.fitted_at) >= Date.parse(waitingSince)) {
          setWaitingSince(null);
          setMessage(null);
          router.refresh();
        } else if (Date.now() - started > GIVE_UP_MS) {
          setWaitingSince(null);
          setMessage({ tone: "info", text: "The fit is taking a while; it goes on in the background. Reload the page later." });
        }
      } catch {
        // A dropped request is tried again at the next tick.
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [waitingSince, slug, router]);

  const busy = pending || waitingSince !== null;
  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <Button
        type="button"
        disabled={busy}
        data-testid="ltv-fit-now"
        onClick={() =>
          startTransition(async () => {
            const result = await fitNow(slug);
            if (result.ok) {
              setWaitingSince(result.requestedAt);
              setMessage({ tone: "info", text: "Fit queued. The model is being fitted on your customers…" });
            } else setMessage({ tone: "error", text: result.error });
          })
        }
      >
        {busy ? "Fitting…" : "Fit now"}
      </Button>
      <div aria-live="polite">{message ? <Notice tone={message.tone}>{message.text}</Notice> : null}</div>
    </div>
  );
}
