"use client";

import { Button } from "@/components/ui/button";

// A report that failed to load says so in place, keeping the workspace's navigation around it.
export default function AttributionError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg bg-white px-5 py-8 text-center shadow-sm ring-1 ring-red-200" data-testid="attribution-error">
      <p className="font-medium text-slate-900">The attribution report could not be loaded.</p>
      <p className="mt-1 text-sm text-slate-600">It has been logged. Try again in a moment.</p>
      <Button className="mt-4" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
