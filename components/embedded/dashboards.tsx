"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { RANGE_LABELS, RANGE_PRESETS, DEFAULT_PRESET } from "@/lib/dashboards/date-range";
import type { EmbeddedDashboard } from "@/lib/embedded/dashboards";
import { dashboardPath } from "@/lib/embedded/paths";
import { useEmbeddedHref } from "./links";
import { EmbeddedFailure, UnlessSessionFails, WithSession } from "./session";
import { EmbeddedPage } from "./shell";
import { useEmbedded } from "./use-embedded";
import { EmbeddedWidgets, WidgetPlaceholders } from "./widgets";

// The workspace's dashboards inside the admin: pick one and a range; the choice is in the URL, so
// a reload or a link from the admin opens the same view.

const PRESETS = RANGE_PRESETS.filter((p) => p !== "custom");

function DashboardsBody({ initial }: { initial: EmbeddedDashboard | null }) {
  const params = useSearchParams();
  const router = useRouter();
  const href = useEmbeddedHref();
  const dashboardId = params.get("dashboard");
  const preset = params.get("range") ?? DEFAULT_PRESET;
  const answer = useEmbedded<EmbeddedDashboard>(dashboardPath(dashboardId, preset), initial);
  const data = answer.data;

  const go = (next: { dashboard?: string; range?: string }) => {
    const extra: Record<string, string> = { range: next.range ?? preset };
    const id = next.dashboard ?? dashboardId ?? data?.dashboard.id;
    if (id) extra.dashboard = id;
    router.replace(href("/embedded/dashboards", extra), { scroll: false });
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <label className="embedded-field">
          <span>Dashboard</span>
          <select value={data?.dashboard.id ?? dashboardId ?? ""} onChange={(e) => go({ dashboard: e.target.value })} disabled={!data} data-testid="embedded-dashboard-select">
            {data ? data.dashboards.map((d) => <option key={d.id} value={d.id}>{d.name}</option>) : <option value="">Overview</option>}
          </select>
        </label>
        <label className="embedded-field">
          <span>Date range</span>
          <select value={preset} onChange={(e) => go({ range: e.target.value })} data-testid="embedded-range-select">
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {RANGE_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        {data ? (
          <p className="pb-2 text-xs text-[#616161]" data-testid="embedded-range">
            {data.range.from} to {data.range.to}
          </p>
        ) : null}
      </div>
      <div aria-busy={answer.loading} aria-live="polite">
        {answer.error ? (
          <EmbeddedFailure message={answer.error} />
        ) : data ? (
          <>
            <h2 className="embedded-subtitle mb-3" data-testid="embedded-dashboard-name">
              {data.dashboard.name}
            </h2>
            <EmbeddedWidgets answer={data} />
          </>
        ) : (
          <WidgetPlaceholders count={8} />
        )}
      </div>
    </div>
  );
}

/** `initial`: the dashboard the server rendered from the document's session token, if it could. */
export function EmbeddedDashboardsView({ initial = null }: { initial?: EmbeddedDashboard | null }) {
  return (
    <EmbeddedPage title="Dashboards">
      {initial ? (
        <UnlessSessionFails>
          <DashboardsBody initial={initial} />
        </UnlessSessionFails>
      ) : (
        <WithSession placeholder={<WidgetPlaceholders count={8} />}>{() => <DashboardsBody initial={null} />}</WithSession>
      )}
    </EmbeddedPage>
  );
}
