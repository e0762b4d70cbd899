import { Card } from "@/components/ui/card";
import type { TActivityProfile } from "@/lib/activity/profile";
import { ScoreChart } from "./score-chart";
import { segmentLabel } from "./segment-words";

// The customer profile's activity: score, level, the week's change, RFM segment and the score's
// last 30 days; an empty state until a recompute has scored the person.

const signed = (n: number) => `${n > 0 ? "+" : n < 0 ? "−" : ""}${Math.abs(n).toFixed(2)}`;

export function ActivityCard({ profile, settingsHref }: { profile: TActivityProfile; settingsHref: string }) {
  const { activity, series } = profile;
  return (
    <Card title="Activity" description={<>How active this customer is, by the workspace&apos;s <a className="text-brand-700 hover:underline" href={settingsHref}>activity settings</a>.</>}>
      {!activity ? (
        <p className="text-sm text-slate-500" data-testid="activity-empty">
          No activity score yet: scores are computed after tracked events or orders arrive, and nightly.
        </p>
      ) : (
        <div data-testid="activity-card">
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Fact label="Score" value={activity.score.toFixed(2)} testId="activity-score" />
            <Fact label="Level" value={activity.level} testId="activity-level" />
            <Fact label="This week vs last" value={signed(activity.weeklyChange)} testId="activity-change" />
            <Fact
              label="RFM segment"
              value={activity.rfm ? `${segmentLabel(activity.rfm.segment)} (R${activity.rfm.r} F${activity.rfm.f} M${activity.rfm.m})` : "No order"}
              testId="activity-rfm"
            />
          </dl>
          {series.length > 1 ? (
            <figure className="mt-4">
              <figcaption className="text-sm font-medium text-slate-700">Score, last 30 days</figcaption>
              <ScoreChart points={series} />
            </figure>
          ) : null}
        </div>
      )}
    </Card>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-lg font-semibold capitalize text-slate-900" data-testid={testId}>{value}</dd>
    </div>
  );
}
