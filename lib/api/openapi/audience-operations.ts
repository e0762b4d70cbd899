import { DEFAULT_PAGE, MAX_PAGE } from "@/lib/audiences/members";
import { EXPORT_COLUMNS, EXPORT_MAX_ROWS } from "@/lib/audiences/export";
import type { QueryParameter } from "./report-parameters";

// Audiences (lib/audiences): the list, members by cursor, the admins' export.

const WS = "/api/v1/workspaces/{slug}";

const MEMBER_QUERY: QueryParameter[] = [
  { name: "cursor", in: "query", required: false, description: "The `next_cursor` of the previous page; omit for the first page.", schema: { type: "string" } },
  { name: "limit", in: "query", required: false, description: `Members per page (1 to ${MAX_PAGE}).`, schema: { type: "integer", minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE } },
];

export const AUDIENCE_OPERATIONS = [
  {
    method: "get", path: `${WS}/audiences`, tag: "Audiences", operationId: "listAudiences", role: "viewer",
    summary: "List audiences",
    description: "Every tag of the workspace as an audience, by name, with how many people have it now.",
    success: {
      status: 200, description: "The audiences.", schema: "AudienceList",
      example: { audiences: [{ id: "cm4tag0000001", name: "Win back", kind: "rule", description: "Was highly active, silent for 14 days", size: 412, created_at: "2026-12-01T09:00:00.000Z" }] },
    },
  },
  {
    method: "get", path: `${WS}/audiences/{id}/members`, tag: "Audiences", operationId: "listAudienceMembers", role: "viewer",
    summary: "List an audience's members",
    description:
      "The audience's members in a stable order, one page at a time: pass each page's `next_cursor` as `cursor` until it is null. " +
      "Members carry no email (see the export). Another workspace's audience is a 404; an unknown parameter or a bad cursor or limit is a 400 naming it.",
    query: MEMBER_QUERY,
    success: {
      status: 200, description: "A page of members.", schema: "AudienceMemberPage",
      example: {
        members: [{ id: "ZTo0ZjVj", since: "2026-12-03T04:00:00.000Z", source: "rule", orders: 3, net_sales: "182.40", last_order_at: "2026-10-02T13:22:10.000Z", country: "DE" }],
        next_cursor: "ZTo0ZjVj",
      },
    },
  },
  {
    method: "get", path: `${WS}/audiences/{id}/export`, tag: "Audiences", operationId: "exportAudience", role: "admin",
    summary: "Export an audience as CSV",
    description:
      `Every member (at most ${EXPORT_MAX_ROWS}; \`Signalboard-Truncated\` says whether more exist) with their email opened from the store's sealed copy, ` +
      "for owners and admins only. Each export is recorded with who made it and how many rows it held.",
    success: {
      status: 200, description: "The members as CSV.",
      csv: `A header row (${EXPORT_COLUMNS.join(", ")}), then one line per member; email is empty for a member without one.`,
    },
  },
] as const;
