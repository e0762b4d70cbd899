"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, useSyncExternalStore } from "react";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import type { LiveEvent, LiveView } from "@/lib/tracking/live-schema";

export const LIVE_POLL_MS = 4_000;

const SOURCE_LABELS: Record<LiveEvent["source"], string> = { browser: "Snippet", shopify_pixel: "Web pixel", server: "Server" };

// Polling stops while the tab is hidden (react-query skips interval refetches in the background)
// and says so, so an open tab in the background costs the server nothing.
function subscribeVisibility(onChange: () => void) {
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
}
const tabHidden = () => document.visibilityState === "hidden";
const hiddenOnServer = () => false;

export function LiveTracking({ slug, timeZone, initial, settingsHref }: { slug: string; timeZone: string; initial: LiveView; settingsHref: string | null }) {
  const [paused, setPaused] = useState(false);
  const hidden = useSyncExternalStore(subscribeVisibility, tabHidden, hiddenOnServer);
  const query = useQuery({
    queryKey: ["tracking-live", slug],
    queryFn: async (): Promise<LiveView> => {
      const response = await fetch(`/api/v1/workspaces/${encodeURIComponent(slug)}/tracking/live`, { cache: "no-store" });
      if (!response.ok) throw new Error(`The live view could not be loaded (HTTP ${response.status}).`);
      return (await response.json()) as LiveView;
    },
    initialData: initial,
    staleTime: 0,
    refetchInterval: paused ? false : LIVE_POLL_MS,
    refetchIntervalInBackground: false,
  });
  const view = query.data;
  const clock = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  const day = new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short" });
  const stamp = (iso: string) => `${day.format(new Date(iso))} ${clock.format(new Date(iso))}`;
  const state = paused ? "Paused" : hidden ? "Paused while this tab is hidden" : "Live";

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <span role="status" aria-live="polite" className="inline-flex items-center gap-2 text-sm text-slate-700" data-testid="live-state">
          <span aria-hidden className={`h-2 w-2 rounded-full ${state === "Live" ? "bg-emerald-500" : "bg-slate-400"}`} />
          {state}
          <span className="text-slate-500">· updated {clock.format(new Date(view.generated_at))}</span>
        </span>
        <button
          type="button"
          aria-pressed={paused}
          onClick={() => setPaused((p) => !p)}
          className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
        >
          {paused ? "Resume" : "Pause"}
        </button>
        {query.isError ? <span className="text-sm text-red-700" role="alert">{query.error.message}</span> : null}
      </div>

      <Card title="Setup checklist" description="Each step ticks itself from the events this workspace has stored.">
        <ul className="space-y-3" data-testid="tracking-checklist">
          {Object.entries(view.checklist).map(([key, item]) => (
            <li key={key} className="flex gap-3" data-testid={`check-${key}`} data-done={item.done}>
              <span aria-hidden className={`mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs ${item.done ? "bg-emerald-100 text-emerald-700" : "bg-slate-100 text-slate-400"}`}>
                {item.done ? "✓" : "○"}
              </span>
              <div className="min-w-0">
                <p className="text-sm font-medium text-slate-900">
                  {item.label}
                  <span className="sr-only">{item.done ? ": done" : ": not yet"}</span>
                </p>
                <p className="text-sm text-slate-500">{item.hint}</p>
              </div>
            </li>
          ))}
        </ul>
      </Card>

      <Card title="Write keys" description="Install status of each key: when it last sent an event, and its last hour of events.">
        {view.keys.length === 0 ? (
          <div className="space-y-2 py-2 text-sm text-slate-600" data-testid="tracking-no-keys">
            <p className="font-medium text-slate-900">No write keys yet.</p>
            <p>
              A write key lets the snippet and the Shopify web pixel send events.{" "}
              {settingsHref ? (
                <Link href={settingsHref} className="font-medium text-brand-600 hover:underline">
                  Create one in tracking settings
                </Link>
              ) : (
                "Ask an admin of this workspace to create one in tracking settings."
              )}
            </p>
          </div>
        ) : (
          <DataTable columns={[{ label: "Key" }, { label: "Last event" }, { label: "Last hour", align: "right" }, { label: "By event" }]}>
            {view.keys.map((key) => (
              <tr key={key.id} data-testid="tracking-key">
                <td className="py-2 pr-4 align-top">
                  <span className="font-medium text-slate-900">{key.name}</span>
                  <span className="block font-mono text-xs text-slate-500">{key.key_prefix}</span>
                  {key.revoked ? <span className="text-xs font-medium text-red-700">Revoked</span> : null}
                </td>
                <td className="whitespace-nowrap py-2 pr-4 align-top text-slate-700">{key.last_event_at ? stamp(key.last_event_at) : "Never"}</td>
                <td className="py-2 pr-4 text-right align-top tabular-nums">{key.events_last_hour.toLocaleString("en")}</td>
                <td className="py-2 pr-4 align-top">
                  <ul className="flex flex-wrap gap-1">
                    {key.last_hour_by_event.map((row) => (
                      <li key={row.event} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                        {row.event} <span className="tabular-nums text-slate-500">{row.count.toLocaleString("en")}</span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      <Card title="Latest events" description={`The last ${view.events.length === 0 ? 50 : view.events.length} events stored, newest first, in the workspace's time zone.`}>
        {view.events.length === 0 ? (
          <p className="py-2 text-sm text-slate-600" data-testid="tracking-no-events">
            No events yet. They appear here a few seconds after the snippet or the web pixel sends them.
          </p>
        ) : (
          <DataTable columns={[{ label: "Received" }, { label: "Event" }, { label: "Source" }, { label: "Visitor" }, { label: "Page" }, { label: "Campaign" }, { label: "Country" }]}>
            {view.events.map((event) => (
              <tr key={event.message_id} data-testid="tracking-event">
                <td className="whitespace-nowrap py-2 pr-4 tabular-nums text-slate-700">{clock.format(new Date(event.received_at))}</td>
                <td className="whitespace-nowrap py-2 pr-4">
                  <span className="font-medium text-slate-900">{event.event}</span>
                  {event.order_id ? <span className="block text-xs text-slate-500">order {event.order_id}</span> : null}
                  {event.is_bot ? <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800">bot</span> : null}
                </td>
                <td className="whitespace-nowrap py-2 pr-4 text-slate-700">
                  {SOURCE_LABELS[event.source]}
                  {event.write_key ? <span className="block text-xs text-slate-500">{event.write_key}</span> : null}
                </td>
                <td className="py-2 pr-4 font-mono text-xs text-slate-600" title={event.anonymous_id}>
                  {event.anonymous_id.slice(0, 8)}
                  {event.user_id ? <span className="block font-sans text-slate-500">member {event.user_id}</span> : null}
                </td>
                <td className="max-w-[16rem] truncate py-2 pr-4 text-slate-600" title={event.page_url ?? undefined}>
                  {pathOf(event.page_url)}
                </td>
                <td className="whitespace-nowrap py-2 pr-4 text-slate-600" data-testid="tracking-event-campaign">
                  {campaignLabel(event.campaign)}
                  {event.campaign?.click_id ? (
                    <span className="block font-mono text-xs text-slate-500">
                      {event.campaign.click_id_type} {event.campaign.click_id.slice(0, 24)}
                    </span>
                  ) : null}
                </td>
                <td className="py-2 pr-4 text-slate-600">{event.country ?? "–"}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}

/** "google / cpc / winter", leaving out what the event did not carry. */
function campaignLabel(campaign: LiveEvent["campaign"]): string {
  if (!campaign) return "–";
  const parts = [campaign.source, campaign.medium, campaign.name].filter(Boolean);
  return parts.length > 0 ? parts.join(" / ") : campaign.click_id ? "" : "–";
}

function pathOf(url: string | null): string {
  if (!url) return "–";
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}
