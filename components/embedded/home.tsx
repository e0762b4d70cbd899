"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import type { EmbeddedDashboard } from "@/lib/embedded/dashboards";
import type { EmbeddedHome } from "@/lib/embedded/home";
import { toast } from "./app-bridge";
import { useEmbeddedHref } from "./links";
import { EmbeddedFailure, WithSession } from "./session";
import { EmbeddedPage } from "./shell";
import { StoreSync } from "./store-sync";
import { useEmbedded } from "./use-embedded";
import { EmbeddedWidgets, WidgetPlaceholders } from "./widgets";

// The embedded home: the store's sync (the backfill's progress right after the install) and the
// Overview's headline figures.

const POLL_MS = 5_000;
const KPI_PLACEHOLDERS = 8;

function HomeBody() {
  const href = useEmbeddedHref();
  const home = useEmbedded<EmbeddedHome>("/api/embedded/home");
  const overview = useEmbedded<EmbeddedDashboard>("/api/embedded/dashboards");
  const running = home.data?.store?.current_run != null;
  const wasRunning = useRef(false);
  const { reload: reloadHome } = home;
  const { reload: reloadOverview } = overview;

  // While a sync runs its progress is re-read; when it ends, the figures it brought are read too.
  useEffect(() => {
    if (running) {
      wasRunning.current = true;
      const timer = setInterval(() => void reloadHome(), POLL_MS);
      return () => clearInterval(timer);
    }
    if (wasRunning.current) {
      wasRunning.current = false;
      void reloadOverview().then((answer) => answer && toast("Your store's history is in: figures updated"));
    }
    return undefined;
  }, [running, reloadHome, reloadOverview]);

  async function refresh() {
    const [store, figures] = await Promise.all([reloadHome(), reloadOverview()]);
    if (store && figures) toast("Figures refreshed");
    else toast("Signalboard could not refresh the figures", { isError: true });
  }

  return (
    <div className="space-y-5">
      <section aria-labelledby="store-heading">
        <h2 id="store-heading" className="embedded-subtitle">
          Your store
        </h2>
        {home.error && !home.data ? <EmbeddedFailure message={home.error} /> : <StoreSync store={home.data?.store ?? null} loading={home.data === null} />}
      </section>
      <section aria-labelledby="overview-heading">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="overview-heading" className="embedded-subtitle">
            Overview, last 30 days
          </h2>
          <div className="flex gap-2">
            <button type="button" className="embedded-button-plain" onClick={() => void refresh()} aria-busy={overview.loading} data-testid="embedded-refresh">
              Refresh
            </button>
            <Link className="embedded-button" href={href("/embedded/dashboards")}>
              Open dashboards
            </Link>
          </div>
        </div>
        <div className="mt-3" aria-busy={overview.loading}>
          {overview.error && !overview.data ? (
            <EmbeddedFailure message={overview.error} />
          ) : overview.data ? (
            <EmbeddedWidgets answer={overview.data} kinds={["kpi"]} />
          ) : (
            <WidgetPlaceholders count={KPI_PLACEHOLDERS} />
          )}
        </div>
      </section>
    </div>
  );
}

export function EmbeddedHomeView() {
  return (
    <EmbeddedPage title="Signalboard">
      <WithSession placeholder={<WidgetPlaceholders count={KPI_PLACEHOLDERS} />}>{() => <HomeBody />}</WithSession>
    </EmbeddedPage>
  );
}
