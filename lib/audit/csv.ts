import { toCsv } from "@/lib/api/csv";
import { auditActorOf, type WorkspaceContext } from "@/lib/tenancy/guard";
import { localDate } from "@/lib/time/zone";
import { auditFilterParams, listAuditEvents, MAX_AUDIT_PAGE, type AuditEventView, type AuditFilters } from "./query";
import { recordAudit } from "./record";

// The trail as CSV: every event matching the filters, newest first, read one keyset page at a
// time while the client takes the file, so a long trail never sits in memory whole. The address
// is only ever its hash's prefix; before/after is the JSON the trail keeps (already redacted when
// recorded, so no secret or personal value is in it).

export const AUDIT_CSV_COLUMNS = [
  "occurred_at", "occurred_local", "actor_kind", "actor_id", "action", "label", "target_type", "target_id", "ip_hash_prefix", "changes",
] as const;

function rowOf(event: AuditEventView): string[] {
  return [
    event.occurred_at, event.occurred_local, event.actor.kind, event.actor.id ?? "", event.action, event.label,
    event.target.type, event.target.id ?? "", event.ip_hash_prefix ?? "", event.changes ? JSON.stringify(event.changes) : "",
  ];
}

/** The CSV's bytes, the header first, then each page as the reader asks for more. */
export function auditCsvStream(workspaceId: string, timeZone: string, filters: AuditFilters, pageSize = MAX_AUDIT_PAGE): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(toCsv([AUDIT_CSV_COLUMNS])));
        return;
      }
      const page = await listAuditEvents(workspaceId, timeZone, { filters, cursor, limit: pageSize });
      if (page.events.length > 0) controller.enqueue(encoder.encode(toCsv(page.events.map(rowOf))));
      cursor = page.next_cursor;
      if (cursor === null) controller.close();
    },
  });
}

/**
 * The download of the trail: recorded in the trail itself (`audit.exported`, with the filters
 * used) as it is served, then streamed.
 */
export async function exportAuditCsv(context: WorkspaceContext, filters: AuditFilters, now = new Date()): Promise<Response> {
  const { workspace } = context;
  const used = auditFilterParams(filters).toString();
  await recordAudit(null, {
    workspaceId: workspace.id,
    action: "audit.exported",
    target: { type: "audit_trail", id: null },
    actor: auditActorOf(context),
    changes: { filters: { before: null, after: used === "" ? "(none: every event)" : used } },
    occurredAt: now,
  });
  return new Response(auditCsvStream(workspace.id, workspace.timeZone, filters), {
    headers: {
      "Cache-Control": "private, no-store",
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="signalboard-audit-${workspace.slug}-${localDate(now, workspace.timeZone)}.csv"`,
    },
  });
}
