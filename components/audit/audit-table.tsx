"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import type { AuditEventView, AuditPage } from "@/lib/audit/query";

// The trail's table: the first page comes rendered from the server, "Load more" reads the next
// ones from the API with the same filters and the previous page's cursor, and appends them.

const ACTOR_KINDS: Record<AuditEventView["actor"]["kind"], string> = { user: "Member", api_key: "API key", operator: "Operator", system: "System" };

function value(v: unknown): string {
  if (v === null || v === undefined) return "(none)";
  return typeof v === "string" ? v : JSON.stringify(v);
}

function Changes({ changes }: { changes: AuditEventView["changes"] }) {
  if (!changes) return <span className="text-slate-400">-</span>;
  return (
    <ul className="space-y-0.5">
      {Object.entries(changes).map(([field, change]) => (
        <li key={field} className="break-words">
          <span className="font-medium text-slate-700">{field}</span>: <span className="text-slate-500">{value(change.before)}</span> →{" "}
          <span className="text-slate-900">{value(change.after)}</span>
        </li>
      ))}
    </ul>
  );
}

function Row({ event, names }: { event: AuditEventView; names: Record<string, string> }) {
  const { actor, target } = event;
  return (
    <tr data-testid="audit-row" className="align-top">
      <td className="whitespace-nowrap py-2 pr-4 text-slate-700">
        <time dateTime={event.occurred_at}>{event.occurred_local}</time>
      </td>
      <td className="py-2 pr-4">
        <span className="block text-slate-900">{actor.id ? (names[actor.id] ?? actor.id) : ACTOR_KINDS[actor.kind]}</span>
        <span className="block text-xs text-slate-500">
          {ACTOR_KINDS[actor.kind]}
          {event.ip_hash_prefix ? ` · address ${event.ip_hash_prefix}` : ""}
        </span>
      </td>
      <td className="py-2 pr-4">
        <span className="block text-slate-900">{event.label}</span>
        <span className="block text-xs text-slate-500">{event.action}</span>
      </td>
      <td className="py-2 pr-4">
        <span className="block text-slate-700">{target.type}</span>
        {target.id ? <span className="block break-all text-xs text-slate-500">{names[target.id] ?? target.id}</span> : null}
      </td>
      <td className="min-w-48 py-2 pr-4 text-xs">
        <Changes changes={event.changes} />
      </td>
    </tr>
  );
}

export function AuditTable({ initial, endpoint, names }: { initial: AuditPage; endpoint: string; names: Record<string, string> }) {
  const [events, setEvents] = useState(initial.events);
  const [cursor, setCursor] = useState(initial.next_cursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function loadMore() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const url = new URL(endpoint, window.location.origin);
      url.searchParams.set("cursor", cursor);
      const response = await fetch(url, { headers: { accept: "application/json" } });
      const body = await response.json();
      if (!response.ok) throw new Error(body?.error?.message ?? "The next events could not be loaded.");
      const page = body as AuditPage;
      setEvents((shown) => [...shown, ...page.events]);
      setCursor(page.next_cursor);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The next events could not be loaded.");
    } finally {
      setLoading(false);
    }
  }

  return (
    <div className="space-y-4">
      <DataTable columns={[{ label: "When" }, { label: "Actor" }, { label: "Action" }, { label: "Target" }, { label: "Changes" }]}>
        {events.map((event) => (
          <Row key={event.id} event={event} names={names} />
        ))}
      </DataTable>
      <p className="text-sm text-slate-500" aria-live="polite">
        {events.length} {events.length === 1 ? "event" : "events"} shown{cursor ? "; more are older" : ", all that match"}.
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {cursor ? (
        <Button type="button" variant="secondary" onClick={loadMore} disabled={loading}>
          {loading ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
