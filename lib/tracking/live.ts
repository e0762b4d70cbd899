import { db } from "@/lib/db/client";
import type { TrackingSource } from "./event";
import type { LiveEvent, LiveView } from "./live-schema";
import { campaignFromContext } from "./sessions/campaign";

// The live view of a workspace's tracking (/w/{slug}/tracking and its API): install status per
// write key, the latest events stored, and the setup checklist. Every answer is read from the
// workspace's own rows each time it is asked, so the page tells the truth while it polls.

export const LIVE_EVENT_LIMIT = 50;
const HOUR_MS = 3_600_000;

export async function getLiveView(workspaceId: string, now = new Date()): Promise<LiveView> {
  const since = new Date(now.getTime() - HOUR_MS);
  const [keys, counts, events, checks] = await Promise.all([
    db.writeKey.findMany({
      where: { workspaceId },
      select: { id: true, name: true, value: true, revokedAt: true, lastEventAt: true, createdAt: true },
      orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "asc" }],
    }),
    db.$queryRaw<{ write_key_id: string | null; event: string; count: bigint; last_received: Date }[]>`
      SELECT write_key_id, event, count(*) AS count, max(received_at) AS last_received
      FROM tracked_events
      WHERE workspace_id = ${workspaceId} AND received_at >= ${since}
      GROUP BY write_key_id, event
      ORDER BY count(*) DESC, event`,
    db.$queryRaw<
      {
        message_id: string; event: string; occurred_at: Date; received_at: Date; source: TrackingSource; write_key_id: string | null; anonymous_id: string;
        user_id: string | null; page_url: string | null; country: string | null; is_bot: boolean | null; order_id: string | null;
        context: Record<string, unknown> | null;
      }[]
    >`
      SELECT message_id, event, occurred_at, received_at, source, write_key_id, anonymous_id, user_id, page_url,
             context->>'country' AS country, is_bot, context,
             CASE WHEN event = 'checkout_completed' THEN properties->>'order_id' END AS order_id
      FROM tracked_events
      WHERE workspace_id = ${workspaceId}
      ORDER BY received_at DESC, occurred_at DESC, message_id
      LIMIT ${LIVE_EVENT_LIMIT}`,
    checklistOf(workspaceId),
  ]);

  const names = new Map(keys.map((key) => [key.id, key.name]));
  return {
    generated_at: now.toISOString(),
    keys: keys.map((key) => {
      const mine = counts.filter((row) => row.write_key_id === key.id);
      // last_event_at is moved at most once a minute by the drain; the last hour's rows are fresher.
      const latest = [key.lastEventAt, ...mine.map((row) => row.last_received)].reduce<Date | null>(
        (best, at) => (at && (!best || at > best) ? at : best),
        null,
      );
      return {
        id: key.id,
        name: key.name,
        key_prefix: `${key.value.slice(0, 10)}…`,
        revoked: key.revokedAt !== null,
        last_event_at: latest?.toISOString() ?? null,
        events_last_hour: mine.reduce((sum, row) => sum + Number(row.count), 0),
        last_hour_by_event: mine.map((row) => ({ event: row.event, count: Number(row.count) })),
      };
    }),
    events: events.map((row) => ({
      message_id: row.message_id,
      event: row.event,
      occurred_at: row.occurred_at.toISOString(),
      received_at: row.received_at.toISOString(),
      source: row.source,
      write_key: row.write_key_id ? (names.get(row.write_key_id) ?? null) : null,
      anonymous_id: row.anonymous_id,
      user_id: row.user_id,
      page_url: row.page_url,
      country: row.country,
      is_bot: row.is_bot,
      order_id: row.order_id,
      campaign: campaignOfEvent(row.context),
    })),
    checklist: checks,
  };
}

/** What the event's context says of its campaign, so the view proves what the sender captured. */
function campaignOfEvent(context: Record<string, unknown> | null): LiveEvent["campaign"] {
  const found = campaignFromContext(context ?? {});
  if (!found.source && !found.medium && !found.campaign && !found.clickId) return null;
  return { source: found.source, medium: found.medium, name: found.campaign, click_id: found.clickId, click_id_type: found.clickIdType };
}

/**
 * Each step judged from stored events: any browser (snippet) event, any web pixel event, any
 * checkout_completed, and any checkout_completed whose order id names an order the store sync
 * loaded (orders.external_id in this workspace). EXISTS stops at the first row it finds.
 */
async function checklistOf(workspaceId: string): Promise<LiveView["checklist"]> {
  const [row] = await db.$queryRaw<{ snippet: boolean; pixel: boolean; checkout: boolean; matched: boolean }[]>`
    SELECT
      EXISTS (SELECT 1 FROM tracked_events WHERE workspace_id = ${workspaceId} AND source = 'browser') AS snippet,
      EXISTS (SELECT 1 FROM tracked_events WHERE workspace_id = ${workspaceId} AND source = 'shopify_pixel') AS pixel,
      EXISTS (SELECT 1 FROM tracked_events WHERE workspace_id = ${workspaceId} AND event = 'checkout_completed') AS checkout,
      EXISTS (
        SELECT 1
        FROM tracked_events e
        JOIN orders o
          ON o.workspace_id = e.workspace_id
         AND o.external_id = CASE WHEN e.properties->>'order_id' ~ '^[0-9]{1,18}$' THEN (e.properties->>'order_id')::bigint END
        WHERE e.workspace_id = ${workspaceId} AND e.event = 'checkout_completed'
      ) AS matched`;
  const done = row ?? { snippet: false, pixel: false, checkout: false, matched: false };
  return {
    snippet_installed: {
      done: done.snippet,
      label: "Snippet installed",
      hint: done.snippet ? "Browser events are arriving from the snippet." : "Paste the snippet into the store's pages; its first page view ticks this.",
    },
    web_pixel_connected: {
      done: done.pixel,
      label: "Web pixel connected",
      hint: done.pixel ? "The Shopify web pixel is sending events." : "Deploy the Shopify web pixel and activate it with a write key.",
    },
    checkout_events_arriving: {
      done: done.checkout,
      label: "Checkout events arriving",
      hint: done.checkout ? "Completed checkouts are being recorded." : "Waiting for the first checkout_completed event.",
    },
    orders_matched: {
      done: done.matched,
      label: "Orders matched",
      hint: done.matched
        ? "Completed checkouts name orders the store sync has loaded."
        : "A checkout_completed whose order id matches a synced order ticks this; connect the store if it is not.",
    },
  };
}
