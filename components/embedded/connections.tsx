"use client";

import { useEffect, useState } from "react";
import type { TConnectionView } from "@/lib/connections/schema";
import type { EmbeddedConnections, EmbeddedPlatform } from "@/lib/embedded/connections";
import { embeddedJson, toast } from "./app-bridge";
import { PBadge, PBanner, PButton, PSection } from "./polaris";
import { EmbeddedFailure, WithSession } from "./session";
import { EmbeddedPage } from "./shell";
import { StoreSync } from "./store-sync";
import { useEmbedded } from "./use-embedded";

// Connections inside the admin: the store's sync, every ad and analytics connection with its state,
// and (for admins) connecting or reconnecting a platform. The platform's consent opens in a new
// window, as Shopify requires for a third party's; that window posts its outcome back here.

/** What the popup's last page posts (lib/connections/oauth/popup.ts). */
type PopupOutcome = { source: "signalboard-connect"; status: "connected" | "reconnected" | "denied" | "failed"; provider: string | null; message: string };
const POPUP_NAME = "signalboard-connect";
const POPUP_FEATURES = "popup,width=600,height=720";

const dateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

function isOutcome(data: unknown): data is PopupOutcome {
  return typeof data === "object" && data !== null && (data as { source?: unknown }).source === "signalboard-connect" && typeof (data as { message?: unknown }).message === "string";
}

function statusBadge(connection: TConnectionView) {
  if (connection.needs_reauth) return <PBadge tone="critical">Needs reconnecting</PBadge>;
  if (connection.current_run) return <PBadge tone="info">Syncing</PBadge>;
  if (connection.status === "error") return <PBadge tone="warning">Sync failed</PBadge>;
  if (connection.status === "disconnected") return <PBadge>Disconnected</PBadge>;
  return <PBadge tone="success">Connected</PBadge>;
}

function AdConnection({ connection, label, mayManage, busy, onReconnect }: { connection: TConnectionView; label: string; mayManage: boolean; busy: boolean; onReconnect: () => void }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 border-t border-[#ebebeb] py-3 first:border-t-0" data-testid="embedded-connection">
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 text-sm font-semibold">
          <span className="break-words">{label}: {connection.account.name}</span> {statusBadge(connection)}
        </p>
        <p className="text-sm text-[#616161]">
          {connection.last_synced_at ? `Last synced ${dateTime(connection.last_synced_at)}.` : "Not synced yet."}
          {connection.last_error ? ` ${connection.last_error}` : ""}
        </p>
      </div>
      {mayManage ? (
        <PButton variant={connection.needs_reauth ? "primary" : "secondary"} disabled={busy} onClick={onReconnect} label={`Reconnect ${label} ${connection.account.name}`}>
          Reconnect
        </PButton>
      ) : null}
    </li>
  );
}

function Platform({ platform, mayManage, busy, onConnect }: { platform: EmbeddedPlatform; mayManage: boolean; busy: boolean; onConnect: () => void }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 border-t border-[#ebebeb] py-3 first:border-t-0" data-testid="embedded-platform">
      <div className="min-w-0 max-w-xl">
        <p className="text-sm font-semibold">{platform.label}</p>
        <p className="text-sm text-[#616161]">{platform.notConfigured ?? platform.summary}</p>
      </div>
      {mayManage ? (
        <PButton variant="primary" disabled={busy || platform.notConfigured !== null} onClick={onConnect} label={`Connect ${platform.label}`}>
          Connect
        </PButton>
      ) : null}
    </li>
  );
}

function ConnectionsBody() {
  const answer = useEmbedded<EmbeddedConnections>("/api/embedded/connections");
  const { reload } = answer;
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PopupOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const receive = (event: MessageEvent) => {
      // Only the popup's page, served by this app, is listened to.
      if (event.origin !== window.location.origin || !isOutcome(event.data)) return;
      setOutcome(event.data);
      setBusy(false);
      const ok = event.data.status === "connected" || event.data.status === "reconnected";
      toast(event.data.message, { isError: !ok });
      if (ok) void reload();
    };
    window.addEventListener("message", receive);
    return () => window.removeEventListener("message", receive);
  }, [reload]);

  async function open(body: { provider: string } | { connection: string }) {
    setError(null);
    setOutcome(null);
    // Opened inside the click, so no popup blocker stops it; the address follows once the ticket is made.
    const popup = window.open("", POPUP_NAME, POPUP_FEATURES);
    setBusy(true);
    try {
      const { url } = await embeddedJson<{ url: string }>("/api/embedded/connections/oauth", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (popup && !popup.closed) popup.location.href = url;
      else if (!window.open(url, POPUP_NAME, POPUP_FEATURES)) throw new Error("The browser blocked the new window. Allow pop-ups for Signalboard and try again.");
    } catch (caught) {
      popup?.close();
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (answer.error && !answer.data) return <EmbeddedFailure message={answer.error} />;
  const data = answer.data;
  if (!data) return <div className="embedded-card embedded-placeholder h-64" aria-hidden />;
  const store = data.connections.find((c) => c.id === data.storeConnectionId) ?? null;
  const ads = data.connections.filter((c) => data.platforms.some((p) => p.provider === c.provider));
  const labelOf = (provider: string) => data.platforms.find((p) => p.provider === provider)?.label ?? provider;
  return (
    <div className="space-y-4">
      {outcome ? (
        <PBanner tone={outcome.status === "connected" || outcome.status === "reconnected" ? "success" : "critical"} testId="embedded-connect-outcome">
          {outcome.message}
        </PBanner>
      ) : null}
      {error ? (
        <PBanner tone="critical" testId="embedded-connect-error">
          {error}
        </PBanner>
      ) : null}
      <section aria-labelledby="store-heading">
        <h2 id="store-heading" className="embedded-subtitle">
          Store
        </h2>
        <StoreSync store={store} loading={false} />
      </section>
      <PSection heading="Ads and analytics" testId="embedded-ad-connections">
        {ads.length === 0 ? (
          <p className="text-sm text-[#616161]">No ad or analytics account is connected yet. Connect one below to see spend, ROAS and CAC beside your sales.</p>
        ) : (
          <ul>
            {ads.map((c) => (
              <AdConnection key={c.id} connection={c} label={labelOf(c.provider)} mayManage={data.mayManage} busy={busy} onReconnect={() => void open({ connection: c.id })} />
            ))}
          </ul>
        )}
      </PSection>
      <PSection heading="Connect a platform" testId="embedded-platforms">
        {data.mayManage ? null : <p className="mb-2 text-sm text-[#616161]">Only the workspace&apos;s owners and admins can connect accounts.</p>}
        <ul>
          {data.platforms.map((p) => (
            <Platform key={p.provider} platform={p} mayManage={data.mayManage} busy={busy} onConnect={() => void open({ provider: p.provider })} />
          ))}
        </ul>
        <p className="mt-2 text-sm text-[#616161]">Each platform asks for your consent in a new window.</p>
      </PSection>
    </div>
  );
}

export function EmbeddedConnectionsView() {
  return (
    <EmbeddedPage title="Connections">
      <WithSession placeholder={<div className="embedded-card embedded-placeholder h-24" aria-hidden />}>{() => <ConnectionsBody />}</WithSession>
    </EmbeddedPage>
  );
}
