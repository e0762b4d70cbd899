"use client";

import type { EmbeddedHome } from "@/lib/embedded/home";
import { EmbeddedFailure, WithSession } from "./session";
import { EmbeddedPage } from "./shell";
import { StoreSync } from "./store-sync";
import { useEmbedded } from "./use-embedded";

function ConnectionsBody() {
  const home = useEmbedded<EmbeddedHome>("/api/embedded/home");
  if (home.error && !home.data) return <EmbeddedFailure message={home.error} />;
  return (
    <div className="space-y-3">
      <StoreSync store={home.data?.store ?? null} loading={home.data === null} />
      <p className="text-sm text-[#616161]">Signalboard syncs the store every few minutes and whenever Shopify tells it about a new order or refund.</p>
    </div>
  );
}

export function EmbeddedConnectionsView() {
  return (
    <EmbeddedPage title="Store sync">
      <WithSession placeholder={<div className="embedded-card embedded-placeholder h-24" aria-hidden />}>{() => <ConnectionsBody />}</WithSession>
    </EmbeddedPage>
  );
}
