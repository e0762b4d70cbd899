import type { FunnelReport } from "@/lib/funnels/types";

// Says when a kept funnel was not read from its summary, and why: the figures are the same, only slower.
export function SummaryNote({ summary }: { summary: FunnelReport["summary"] }) {
  if (!summary || summary.state === "ready") return null;
  const text =
    summary.state === "building"
      ? `This funnel's summary is being built${summary.total > 0 ? ` (${Math.floor((100 * summary.done) / summary.total)}% of ${summary.total.toLocaleString("en-US")} visitors)` : ""}; until it is ready the figures are read from the events, which is slower.`
      : "This range starts before the days the summary keeps whole (retention deleted earlier events), so the figures are read from the events, which is slower.";
  return (
    <p className="text-xs text-slate-500" data-testid="funnels-summary-note">
      {text}
    </p>
  );
}
