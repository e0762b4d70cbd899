import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_NAMES, AUDIT_TARGET_TYPES } from "@/lib/audit/actions";
import { AUDIT_CSV_COLUMNS } from "@/lib/audit/csv";
import { DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE } from "@/lib/audit/query";
import { AUDIT_RETENTION_DAYS } from "@/lib/audit/retention";
import type { QueryParameter } from "./report-parameters";

// The workspace's audit trail (lib/audit): pages of events as JSON, or every matching one as CSV.

const query = (name: string, description: string, schema: QueryParameter["schema"], example?: string): QueryParameter =>
  ({ name, in: "query", required: false, description, schema, ...(example ? { example } : {}) });

const AUDIT_QUERY: QueryParameter[] = [
  query("actor_kind", "Who acted: a member, an API key, an operator under support access, or the system.", { type: "string", enum: ["user", "api_key", "operator", "system"] }),
  query("actor_id", "A member's user id or an API key's id.", { type: "string", maxLength: 200 }),
  query(
    "action",
    `One action, or a group of them as \`<group>.*\` (groups: ${AUDIT_ACTION_GROUPS.join(", ")}).`,
    { type: "string", enum: [...AUDIT_ACTION_NAMES, ...AUDIT_ACTION_GROUPS.map((g) => `${g}.*`)] },
    "member.*",
  ),
  query("target_type", "What was acted on.", { type: "string", enum: AUDIT_TARGET_TYPES }),
  query("target_id", "The target's id (a member's user id, a key's id, a connection's id...).", { type: "string", maxLength: 200 }),
  query("from", "First local day (YYYY-MM-DD) in the workspace's time zone.", { type: "string", format: "date" }, "2026-12-01"),
  query("to", "Last local day (YYYY-MM-DD), included.", { type: "string", format: "date" }, "2026-12-06"),
  query("cursor", "The previous page's `next_cursor` (JSON only).", { type: "string" }),
  query("limit", `Events per page (JSON only), 1 to ${MAX_AUDIT_PAGE}; ${DEFAULT_AUDIT_PAGE} by default.`, { type: "integer", minimum: 1, maximum: MAX_AUDIT_PAGE }),
  query("format", "`json` (one page) or `csv` (every matching event in one file; recorded in the trail as `audit.exported`).", { type: "string", enum: ["json", "csv"] }),
];

const EXAMPLE = {
  events: [
    {
      id: "cm4aud0000001", occurred_at: "2026-12-06T14:05:00.000Z", occurred_local: "2026-12-06 09:05",
      actor: { kind: "user", id: "cm4usr0000001" }, action: "member.role_changed", label: "Changed a member's role",
      target: { type: "member", id: "cm4usr0000002" }, ip_hash_prefix: "3f9a0c1e", changes: { role: { before: "member", after: "admin" } },
    },
  ],
  next_cursor: null,
};

export const AUDIT_OPERATIONS = [
  {
    method: "get", path: "/api/v1/workspaces/{slug}/audit-events", tag: "Audit", operationId: "listAuditEvents", role: "admin",
    summary: "The audit trail",
    description:
      "Who did what and when in the workspace, newest first: the actor, the action and its label, the target, the client address as a hash prefix, and " +
      "before/after of the fields that changed (secrets and personal data never shown). JSON pages by `cursor`; `format=csv` gives every matching event " +
      `(columns: ${AUDIT_CSV_COLUMNS.join(", ")}; \`changes\` as JSON text). A malformed filter is a 400 naming it. Events are kept ${AUDIT_RETENTION_DAYS} days.`,
    query: AUDIT_QUERY,
    success: { status: 200, description: "A page of events (or the CSV).", schema: "AuditEventPage", csv: "A header row, then one line per event.", example: EXAMPLE },
  },
] as const;
