import { buttonClass } from "@/components/ui/button";

// The journey's model and window as a plain GET form: the URL is the view, and it works by
// keyboard and without scripts.

const FIELD = "w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-brand-600";
const LABEL = "flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-600";

export function JourneyControls({ action, model, window, models, windows }: {
  action: string;
  model: string;
  window: number;
  models: { value: string; label: string }[];
  windows: readonly number[];
}) {
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3" aria-label="Credit shown" data-testid="journey-controls">
      <label className={`${LABEL} w-44`}>
        Model
        <select name="model" defaultValue={model} className={FIELD} data-testid="journey-model">
          {models.map((m) => (
            <option key={m.value} value={m.value}>{m.label}</option>
          ))}
        </select>
      </label>
      <label className={`${LABEL} w-28`}>
        Lookback
        <select name="window" defaultValue={String(window)} className={FIELD} data-testid="journey-window">
          {windows.map((w) => (
            <option key={w} value={w}>{w === 1 ? "1 day" : `${w} days`}</option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonClass("secondary")}>Show credit</button>
    </form>
  );
}
