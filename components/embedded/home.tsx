"use client";

import Link from "next/link";
import { useEffect, useRef, useTransition } from "react";
import type { EmbeddedDashboard } from "@/lib/embedded/dashboards";
import type { EmbeddedHome, EmbeddedHomeFirstView } from "@/lib/embedded/home";
import { HOME_FIGURES_PATH } from "@/lib/embedded/paths";
import { toast } from "./app-bridge";
import { WidgetPlaceholders } from "./grid";
import { KpiCards } from "./kpi-cards";
import { useEmbeddedHref } from "./links";
import { EmbeddedFailure, UnlessSessionFails, WithSession } from "./session";
import { EmbeddedPage } from "./shell";
import { StoreSync } from "./store-sync";
import { useEmbedded } from "./use-embedded";

// The embedded home: the store's sync (the backfill's progress right after the install) and the
// Overview's headline figures. The document usually arrives with both (rendered on the server from
// its session token); otherwise they are read once the session call has installed or joined.

const POLL_MS = 5_000;
const KPI_PLACEHOLDERS = 8;

function HomeBody({ initial }: { initial: EmbeddedHomeFirstView | null }) {
  const href = useEmbeddedHref();
  const home = useEmbedded<EmbeddedHome>("/api/embedded/home", initial?.home);
  const overview = useEmbedded<EmbeddedDashboard>(HOME_FIGURES_PATH, initial?.overview);
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

  // A transition: the click paints at once, and the cards (memoised) re-render only when new figures arrive.
  const [refreshing, startRefresh] = useTransition();
  const refresh = () =>
    startRefresh(async () => {
      const [store, figures] = await Promise.all([reloadHome(), reloadOverview()]);
      if (store && figures) toast("Figures refreshed");
      else toast("Signalboard could not refresh the figures", { isError: true });
    });

  return (
    <div className="space-y-5">
      <section aria-labelledby="store-heading">
        <h2 id="store-heading" className="embedded-subtitle">
          Your store
        </h2>
        {home.error && !home.data ? <EmbeddedFailure message={home.error} /> : <StoreSync store={home.data?.store ?? null} loading={home.data === null} timeZone={home.data?.workspace.timeZone} />}
      </section>
      <section aria-labelledby="overview-heading">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="overview-heading" className="embedded-subtitle">
            Overview, last 30 days
          </h2>
          <div className="flex gap-2">
            <button type="button" className="embedded-button-plain" onClick={refresh} aria-busy={refreshing} data-testid="embedded-refresh">
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
            <KpiCards answer={overview.data} />
          ) : (
            <WidgetPlaceholders count={KPI_PLACEHOLDERS} />
          )}
        </div>
      </section>
    </div>
  );
}

export function EmbeddedHomeView({ initial = null }: { initial?: EmbeddedHomeFirstView | null }) {
  return (
    <EmbeddedPage title="Signalboard">
      {initial ? (
        <UnlessSessionFails>
          <HomeBody initial={initial} />
        </UnlessSessionFails>
      ) : (
        <WithSession placeholder={<WidgetPlaceholders count={KPI_PLACEHOLDERS} />}>{() => <HomeBody initial={null} />}</WithSession>
      )}
    </EmbeddedPage>
  );
}
