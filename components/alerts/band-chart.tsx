import type { ChartPoint } from "@/lib/alerts/preview";

// The last eight weeks of a rule's metric as a line, with the band its method considers normal
// shaded behind it: enough to see whether a rule would have been noisy, drawn as plain SVG so it
// scales to any width without a charting library.

const W = 600;
const H = 160;
const PAD = 6;

export function BandChart({ points }: { points: readonly ChartPoint[] }) {
  const numbers = points.flatMap((p) => [p.value, p.low, p.high]).filter((v): v is number => v !== null && Number.isFinite(v));
  if (numbers.length === 0) return <p className="text-sm text-slate-500">No data in the last 8 weeks.</p>;
  const min = Math.min(0, ...numbers);
  const max = Math.max(...numbers, min + 1);
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / Math.max(1, points.length - 1);
  const y = (v: number) => H - PAD - ((v - min) * (H - 2 * PAD)) / (max - min);
  const banded = points.map((p, i) => ({ i, p })).filter(({ p }) => p.low !== null && p.high !== null);
  const band =
    banded.length > 1
      ? `M${banded.map(({ i, p }) => `${x(i)},${y(p.high!)}`).join("L")}L${[...banded].reverse().map(({ i, p }) => `${x(i)},${y(p.low!)}`).join("L")}Z`
      : null;
  const line = points
    .map((p, i) => (p.value === null ? null : `${x(i)},${y(p.value)}`))
    .filter(Boolean)
    .join("L");
  const last = points[points.length - 1];
  return (
    <figure className="space-y-1">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-40 w-full" role="img" aria-label="The metric over the last 8 weeks with its normal band">
        {band ? <path d={band} className="fill-brand-100" /> : null}
        {line ? <path d={`M${line}`} className="fill-none stroke-brand-600" strokeWidth={2} /> : null}
        {last?.value !== null && last ? <circle cx={x(points.length - 1)} cy={y(last.value!)} r={4} className="fill-brand-700" /> : null}
      </svg>
      <figcaption className="text-xs text-slate-500">
        {points[0]?.day} to {last?.day}; shaded: the band the method considers normal.
      </figcaption>
    </figure>
  );
}
