import { demoStoreOptions } from "@/lib/connectors/demo-ads/source";
import { createDemoStore } from "@/lib/connectors/shopify/demo/generator";
import { drainInbox } from "@/lib/tracking/drain";
import { handleTrack } from "@/lib/tracking/ingest";
import { createWriteKey, listWriteKeys } from "@/lib/tracking/write-keys";
import { DEMO_STOREFRONT, demoTraffic, type DemoTrafficEvent, type DemoTrafficSource } from "./traffic";

// Sends the demo store's visitor traffic (./traffic.ts) to the demo workspace through the event
// API's own request handler, with two write keys as a real shop has them (the storefront's
// snippet and the Shopify web pixel), then drains the inbox: the same validation, buffer and
// drain as any store's events. Message ids are deterministic, so running it again stores nothing twice.

/**
 * Days of orders whose traffic is sent, bounded to keep the demo's first start quick (about 45,000
 * events; journeys open up to a month before their orders, so the lookback windows differ).
 */
export const DEMO_TRAFFIC_DAYS = 14;
const DAY_MS = 86_400_000;
const MAX_EVENTS = 100;
const MAX_BYTES = 60 * 1024;
/** Requests under way at once: the event API writes the inbox rows of concurrent requests together. */
const SENDERS = 6;

export const DEMO_WRITE_KEYS: Record<DemoTrafficSource, string> = { browser: "Demo storefront snippet", shopify_pixel: "Demo Shopify web pixel" };

async function demoKeys(workspaceId: string): Promise<Record<DemoTrafficSource, string>> {
  const existing = await listWriteKeys(workspaceId);
  const keys = {} as Record<DemoTrafficSource, string>;
  for (const source of ["browser", "shopify_pixel"] as const) {
    const name = DEMO_WRITE_KEYS[source];
    const found = existing.find((key) => key.name === name);
    keys[source] = found ? found.key : (await createWriteKey(workspaceId, { userId: null }, { name, allowed_origins: [DEMO_STOREFRONT] })).key;
  }
  return keys;
}

/** Request bodies of at most MAX_EVENTS events and MAX_BYTES each, one source per request. */
export function demoRequests(events: DemoTrafficEvent[], keys: Record<DemoTrafficSource, string>): string[] {
  const bodies: string[] = [];
  for (const source of ["browser", "shopify_pixel"] as const) {
    let batch: string[] = [];
    let bytes = 0;
    const flush = () => {
      if (batch.length > 0) bodies.push(`{"write_key":${JSON.stringify(keys[source])},"batch":[${batch.join(",")}]}`);
      batch = [];
      bytes = 0;
    };
    for (const event of events) {
      if (event.context.source !== source) continue;
      const text = JSON.stringify(event);
      if (batch.length === MAX_EVENTS || bytes + text.length > MAX_BYTES) flush();
      batch.push(text);
      bytes += text.length + 1;
    }
    flush();
  }
  return bodies;
}

async function send(endpoint: string, body: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const response = await handleTrack(
      new Request(endpoint, { method: "POST", headers: { "content-type": "text/plain;charset=UTF-8", origin: DEMO_STOREFRONT }, body }),
    );
    // The per-key rate limit applies to the demo as to any shop: wait as told and send again.
    if (response.status === 429 && attempt < 50) {
      const seconds = Number(response.headers.get("retry-after")) || 1;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      continue;
    }
    if (response.status !== 202) throw new Error(`Demo traffic was refused (HTTP ${response.status}): ${(await response.text()).slice(0, 500)}`);
    const answer = (await response.json()) as { rejected?: unknown[] };
    if (answer.rejected && answer.rejected.length > 0) throw new Error(`Demo traffic had rejected events: ${JSON.stringify(answer.rejected.slice(0, 3))}`);
    return;
  }
}

/** Sends events to the demo workspace through the event API with its write keys, then drains them. */
export async function sendDemoEvents(workspaceId: string, events: DemoTrafficEvent[]): Promise<number> {
  const bodies = demoRequests(events, await demoKeys(workspaceId));
  const endpoint = "http://localhost/api/v1/track";
  let next = 0;
  const sender = async () => {
    while (next < bodies.length) await send(endpoint, bodies[next++]!);
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  // Moved now rather than by the job the requests asked for, so the demo is whole when seeding ends.
  await drainInbox({ waitForOthers: true });
  return bodies.length;
}

export async function seedDemoTraffic(
  workspaceId: string,
  { days = DEMO_TRAFFIC_DAYS, now = new Date() }: { days?: number; now?: Date } = {},
): Promise<{ events: number; requests: number }> {
  const store = createDemoStore(await demoStoreOptions(workspaceId));
  const events = demoTraffic(store, now.getTime() - days * DAY_MS, now.getTime(), now.getTime());
  return { events: events.length, requests: await sendDemoEvents(workspaceId, events) };
}
