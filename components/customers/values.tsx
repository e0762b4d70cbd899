import { formatMetric } from "@/components/dashboard/format";

// How a customer's figures read: money in the workspace currency, a prediction as "—" with the
// reason beside it (for screen readers) and on hover, until an LTV model has been fitted.

export const NO_MODEL = "no model yet";

export function Money({ value, currency }: { value: string; currency: string }) {
  return <span className="tabular-nums">{formatMetric(value, "money", currency)}</span>;
}

export function Predicted({ value, format, currency }: { value: string | number | null; format: "money" | "percent"; currency: string }) {
  if (value === null) {
    return (
      <span title={NO_MODEL} className="cursor-help text-slate-400">
        <span aria-hidden>—</span>
        <span className="sr-only">{NO_MODEL}</span>
      </span>
    );
  }
  return <span className="tabular-nums">{formatMetric(value, format, currency)}</span>;
}

/** "2026-01-14" as "14 Jan 2026": a local day of the workspace, never shifted by the reader's zone. */
export function Day({ value }: { value: string }) {
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  const text = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(Date.UTC(year, month - 1, day));
  return <time dateTime={value}>{text}</time>;
}
