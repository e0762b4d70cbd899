import { z } from "zod";
import { getPool, utc } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { instantInBounds } from "@/lib/time/bounds";
import { parseInput } from "@/lib/validation";
import { OWNED_SEND_EVENT_KINDS, type TOwnedSendEventSource, type TOwnedSource } from "../types";
import { requestOwnedReportRefresh } from "../report/request";

// Unsubscribes and spam complaints reported against the send they came from (the unsubscribe
// link records its own, lib/owned/links/follow.ts). One of each kind per send: the first stays.

export const ZSendEventInputSchema = z.object({
  send: z.string().trim().min(1).max(200).describe("Your send id."),
  kind: z.enum(OWNED_SEND_EVENT_KINDS),
  at: z.coerce.date({ error: "Give an ISO 8601 date and time." }).refine((d) => instantInBounds(d), "This date is out of range."),
});
export const ZSendEventsBodySchema = z.object({ events: z.array(ZSendEventInputSchema).min(1).max(1000) });
export const ZSendEventsAnswerSchema = z.object({ accepted: z.number().int(), recorded: z.number().int() });

export async function recordSendEvents(workspaceId: string, input: unknown, source: TOwnedSource = "api", heardFrom: TOwnedSendEventSource = "api") {
  const { events } = parseInput(ZSendEventsBodySchema, input);
  const { rows } = await getPool().query<{ send_id: string; id: string }>(
    "SELECT send_id, id::text FROM owned_sends WHERE workspace_id = $1 AND source = $2 AND send_id = ANY($3::text[])",
    [workspaceId, source, [...new Set(events.map((e) => e.send))]],
  );
  const ids = new Map(rows.map((r) => [r.send_id, r.id]));
  const missing = events.findIndex((e) => !ids.has(e.send));
  if (missing >= 0) throw AppError.field(`events.${missing}.send`, `No send has the id "${events[missing]!.send}".`);
  const result = await getPool().query(
    `INSERT INTO owned_send_events (workspace_id, send_id, kind, at, source)
     SELECT $1, s, k, a, $2 FROM unnest($3::bigint[], $4::text[], $5::timestamp[]) AS x(s, k, a)
     ON CONFLICT (workspace_id, send_id, kind) DO NOTHING`,
    [workspaceId, heardFrom, events.map((e) => ids.get(e.send)!), events.map((e) => e.kind), events.map((e) => utc(e.at))],
  );
  if (result.rowCount) await requestOwnedReportRefresh(workspaceId);
  return { accepted: events.length, recorded: result.rowCount ?? 0 };
}
