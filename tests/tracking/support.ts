import { db } from "@/lib/db/client";
import { drainInbox } from "@/lib/tracking/drain";
import { createWriteKey } from "@/lib/tracking/write-keys";
import { freshWorkspace } from "../dashboards/support";
import { unique } from "../helpers";

/** A workspace with a write key allowed on https://shop.example.com. */
export async function trackingWorkspace(origins: string[] = ["https://shop.example.com"]) {
  const { owner, workspace } = await freshWorkspace();
  const writeKey = await createWriteKey(workspace.id, { userId: owner.id }, { name: "Store", allowed_origins: origins });
  return { owner, workspace, writeKey };
}

/** A valid wire event; `overrides` replace or add fields. */
export const wireEvent = (overrides: Record<string, unknown> = {}) => ({
  event: "page_view",
  message_id: unique("m"),
  anonymous_id: "visitor-1",
  timestamp: new Date(Date.now() - 60_000).toISOString(),
  page_url: "https://shop.example.com/?utm_source=news&gclid=abc",
  ...overrides,
});

type Init = { body?: unknown; raw?: string; headers?: Record<string, string>; method?: string };

/** A request to /api/v1/track as a browser or server would send it. */
export function trackRequest({ body, raw, headers = {}, method = "POST" }: Init): Request {
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  return new Request("http://localhost/api/v1/track", { method, headers: { "content-type": "text/plain;charset=UTF-8", ...headers }, body: payload });
}

/** Drains until the workspace has nothing left in the inbox (other tests drain at the same time). */
export async function drainWorkspace(workspaceId: string): Promise<void> {
  for (let i = 0; i < 50 && (await db.trackingInbox.count({ where: { workspaceId } })) > 0; i++) await drainInbox({ waitForOthers: true });
}

export const storedEvents = (workspaceId: string) => db.trackedEvent.findMany({ where: { workspaceId }, orderBy: [{ occurredAt: "asc" }, { messageId: "asc" }] });
