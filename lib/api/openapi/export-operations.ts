import { LINK_TTL_SECONDS } from "@/lib/exports/link";
import { EXPORT_KEEP_DAYS } from "@/lib/exports/retention";
import type { QueryParameter } from "./report-parameters";

// Workspace exports (lib/exports): every table as CSV in a zip, built by a job, downloaded through a signed link.

const EXPORTS = "/api/v1/workspaces/{slug}/exports";

const EXAMPLE = {
  id: "cm4exp0000001", status: "done", requested_at: "2026-12-06T10:00:00.000Z", started_at: "2026-12-06T10:00:01.000Z",
  finished_at: "2026-12-06T10:00:40.000Z", expires_at: "2026-12-13T10:00:00.000Z", expired: false,
  progress: { tables_total: 109, tables_done: 109, rows: 481220, current_table: null, percent: 100 },
  bytes: 10485760, error: null,
  download_url: "/api/v1/workspaces/acme/exports/cm4exp0000001/download?expires=1765101600&signature=…",
  download_expires_at: "2026-12-07T10:00:00.000Z",
};

const LINK_QUERY: QueryParameter[] = [
  { name: "expires", in: "query", required: true, description: "From the `download_url`.", schema: { type: "string" } },
  { name: "signature", in: "query", required: true, description: "From the `download_url`.", schema: { type: "string" } },
];

export const EXPORT_OPERATIONS = [
  {
    method: "post", path: EXPORTS, tag: "Exports", operationId: "requestWorkspaceExport", role: "owner",
    summary: "Export the workspace",
    description:
      "Queues an export of every table of the workspace's data as CSV in a zip, with a manifest.json (tables, row counts, format notes). " +
      "Send no body (or `{}`). One export at a time: 409 while one is being made. Poll the export for its progress and download link.",
    success: { status: 202, description: "The export, queued.", schema: "Export" },
  },
  {
    method: "get", path: EXPORTS, tag: "Exports", operationId: "listWorkspaceExports", role: "owner",
    summary: "List exports", description: `The workspace's exports, newest first, each kept ${EXPORT_KEEP_DAYS} days.`,
    success: { status: 200, description: "The exports.", schema: "ExportList", example: { exports: [EXAMPLE] } },
  },
  {
    method: "get", path: `${EXPORTS}/{id}`, tag: "Exports", operationId: "getWorkspaceExport", role: "owner",
    summary: "An export's progress",
    description: `Its status and progress; once done, a \`download_url\` signed for the caller and valid ${LINK_TTL_SECONDS / 3600} hours.`,
    success: { status: 200, description: "The export.", schema: "Export", example: EXAMPLE },
  },
  {
    method: "get", path: `${EXPORTS}/{id}/download`, tag: "Exports", operationId: "downloadWorkspaceExport", role: "owner",
    summary: "Download an export",
    description:
      "The zip, for the caller the link was made for: another caller or a changed link gets 404, an expired link or export 410. Each download is audited.",
    query: LINK_QUERY,
    success: { status: 200, description: "The zip (application/zip)." },
    otherResponses: [{ status: 410, description: "The link or the export has expired." }],
  },
  {
    method: "post", path: "/api/v1/workspaces/{slug}/customers/data-requests", tag: "Customers", operationId: "makeCustomerDataRequest", role: "admin",
    summary: "A customer's GDPR export or erasure",
    description:
      "`type` export or erase, and either `email` or `customer_id` (the customers API's id). Reaches every store customer and CRM contact that is the person, " +
      "with their orders, tracking data, activity scores, tags and owned-channel sends, as Shopify's privacy webhooks do. Answered at once; " +
      "an unknown person is a completed request with `found: false`. An export's answer is kept 30 days. Each request is recorded in the audit trail by its id, never by the person.",
    body: { schema: "CustomerDataRequestInput" },
    success: { status: 201, description: "The completed request (with `result` for an export).", schema: "CustomerDataRequest" },
  },
  {
    method: "get", path: "/api/v1/workspaces/{slug}/customers/data-requests/{id}", tag: "Customers", operationId: "getCustomerDataRequest", role: "admin",
    summary: "A customer data request", description: "What was asked and done; for an export, its answer. Gone after 30 days.",
    success: { status: 200, description: "The request.", schema: "CustomerDataRequest" },
  },
] as const;
