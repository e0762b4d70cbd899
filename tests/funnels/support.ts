import { getPool, inTransaction } from "@/lib/db/pool";
import { queuePersonChanges } from "@/lib/funnels/progress";
import { afterEventsDrained } from "@/lib/tracking/after-drain";

// Hand-built event streams stored as the drain would store them, then sessionised and linked by
// the same consumers a drain runs, so funnels read the sessions and visitors production builds.

export const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
export const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
export const CRAWLER = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)";

export type StreamEvent = {
  at: string;
  visitor: string;
  event: string;
  url?: string;
  ua?: string;
  properties?: Record<string, unknown>;
  /** Campaign parameters and click ids, as the landing URL carried them. */
  context?: Record<string, unknown>;
};

let n = 0;

export async function storeStream(workspaceId: string, events: StreamEvent[]): Promise<void> {
  for (const e of events) {
    await getPool().query(
      `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, page_url, referrer, properties, context, source)
       VALUES ($1, $2, $3, ($4::timestamptz AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'), $5, $6, NULL, $7, $8, 'browser')`,
      [workspaceId, `f-${++n}-${e.visitor}`, e.event, e.at, e.visitor, e.url ?? "https://shop.example/", e.properties ?? {}, { ...e.context, user_agent: e.ua ?? CHROME }],
    );
  }
  const times = events.map((e) => Date.parse(e.at));
  await afterEventsDrained([
    {
      workspaceId,
      count: events.length,
      earliest: new Date(Math.min(...times)),
      latest: new Date(Math.max(...times)),
      anonymousIds: [...new Set(events.map((e) => e.visitor))],
    },
  ]);
}

/** Resolves visitors to one person, as the identity graph does once it links them (lib/identity/resolve.ts). */
export async function samePerson(workspaceId: string, personKey: string, visitors: string[]): Promise<void> {
  await inTransaction((client) => queuePersonChanges(client, workspaceId, visitors, visitors.map(() => personKey)));
  await getPool().query("UPDATE visitors SET person_key = $2, identified_at = first_seen_at WHERE workspace_id = $1 AND anonymous_id = ANY($3::text[])", [
    workspaceId,
    personKey,
    visitors,
  ]);
}
