import { sequence } from "@/lib/connectors/shopify/demo/random";
import { getPool, inTransaction } from "@/lib/db/pool";
import { BREAKDOWNS, DEFAULT_STEPS, type TFunnelDefinition } from "@/lib/funnels/definition";
import { funnelStatement } from "@/lib/funnels/sql";
import { rewriteFunnelTimes } from "@/lib/funnels/summary";
import { funnelTimesStatement } from "@/lib/funnels/times-sql";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { CRAWLER, IPHONE, storeStream, type StreamEvent } from "./support";

// Random event streams for comparing a funnel's sources with the events statement, which is the
// reference (tests/funnels/times.test.ts, tests/funnels/progress.test.ts).

export async function workspace() {
  const owner = await seedUser();
  return (await seedWorkspace(owner.id, { timeZone: "America/New_York" })).id;
}

// Range 2026-03-10..12 in New York; events from two days before to ten after, so entries before
// the range, steps inside and past the window all occur.
export const RANGE = { from: "2026-03-10 04:00:00", to: "2026-03-13 04:00:00" };
const STREAM_START = Date.parse("2026-03-08T00:00:00Z");
const NAMES = [...DEFAULT_STEPS, "wishlist_added"];

/** Visitors with bursts of events (a visit) minutes apart, visits hours or days apart; every time distinct. */
export function stream(seed: number, visitors: number): StreamEvent[] {
  const next = sequence(seed);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const used = new Set<number>();
  const events: StreamEvent[] = [];
  for (let v = 0; v < visitors; v++) {
    const visitor = `s${seed}-v${v}`;
    const ua = next() < 0.15 ? CRAWLER : next() < 0.5 ? IPHONE : undefined;
    let at = STREAM_START + Math.floor(next() * 6 * 86_400) * 1000;
    const count = 1 + Math.floor(next() * 9);
    for (let i = 0; i < count; i++) {
      const gap = next() < 0.25 ? Math.floor(next() * 4 * 86_400) : Math.floor(next() * 600);
      at += (1 + gap) * 1000;
      while (used.has(at)) at += 1000;
      used.add(at);
      // Page views repeat; later steps come in any order.
      const event = next() < 0.35 ? "page_view" : pick(NAMES);
      const campaign = next() < 0.2 ? { utm_source: "google", utm_medium: "cpc", utm_campaign: pick(["spring", "summer"]) } : undefined;
      const url = `https://shop.example/${pick(["", "products/a", "products/b?x=1"])}`;
      events.push({ visitor, at: new Date(at).toISOString(), event, ua, url, context: campaign });
    }
  }
  return events;
}

/** The events in time order, in a few drains of random size, the latest arriving first at times. */
export async function storeInDrains(ws: string, events: StreamEvent[], seed: number, drains: readonly number[] = [0, 1, 2]) {
  const next = sequence(seed + 1);
  const shuffled = [...events].sort(() => next() - 0.5);
  const cut = [0, Math.floor(shuffled.length / 3), Math.floor((2 * shuffled.length) / 3), shuffled.length];
  for (const i of drains) await storeStream(ws, shuffled.slice(cut[i], cut[i + 1]));
}

export const definitions = (): TFunnelDefinition[] => {
  const list: TFunnelDefinition[] = [];
  const base: TFunnelDefinition = { steps: DEFAULT_STEPS.map((event) => ({ event })), window_days: 7, count_by: "visitor", breakdown: null };
  for (const count_by of ["visitor", "session"] as const) {
    for (const breakdown of [null, ...BREAKDOWNS]) list.push({ ...base, count_by, breakdown });
    list.push({ ...base, count_by, steps: ["product_viewed", "page_view", "checkout_started"].map((event) => ({ event })) });
    list.push({ ...base, count_by, steps: ["page_view", "page_view", "product_viewed", "page_view"].map((event) => ({ event })) });
    list.push({ ...base, count_by, window_days: 1, steps: ["page_view", "wishlist_added", "checkout_completed"].map((event) => ({ event })) });
  }
  return list;
};

export async function answer(ws: string, definition: TFunnelDefinition, source: "events" | "times", includeBots: boolean, range = RANGE) {
  const statement = (source === "events" ? funnelStatement : funnelTimesStatement)(ws, definition, range, { includeBots });
  const { rows } = await getPool().query(statement);
  return sortRows(rows);
}

/** Answer rows in one order: the breakdown values, then the total. */
export function sortRows<T extends { total: unknown; value: unknown }>(rows: T[]): T[] {
  return rows.sort((a, b) => Number(a.total) - Number(b.total) || String(a.value).localeCompare(String(b.value)));
}


/**
 * Events no session has taken in yet (the sessions consumer has not caught up), counted per
 * visitor; their rows span days, so a row can hold times both before a step and past the window.
 */
export async function storeUnsessioned(ws: string, seed: number): Promise<void> {
  const unsessioned: [string, string][] = [
    ["page_view", "2026-03-11 15:00:07"],
    ["wishlist_added", "2026-03-11 10:00:07"],
    ["wishlist_added", "2026-03-12 18:00:07"],
    ["checkout_completed", "2026-03-12 19:00:07"],
  ];
  for (const [i, [event, at]] of unsessioned.entries()) {
    await getPool().query(
      `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
       VALUES ($1, $2, $3, $4, now(), 'unsessioned', '{}', '{}', 'browser')`,
      [ws, `late-${seed}-${i}`, event, at],
    );
  }
  await inTransaction((client) => rewriteFunnelTimes(client, ws, ["unsessioned"]));
}
