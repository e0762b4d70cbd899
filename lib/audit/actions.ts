// Every kind of event the audit trail records, in one registry: the page's filter, the CSV and the
// API read their labels from here, and tests/audit/coverage.test.ts fails when an action type is
// never recorded by the code (unless it is `reserved` for a feature still to come) or when a
// mutating server action or route handler is neither audited nor exempt with a reason.

type ActionSpec = { label: string; target: string; reserved?: string };

export const AUDIT_ACTIONS = {
  "member.role_changed": { label: "Changed a member's role", target: "member" },
  "member.removed": { label: "Removed a member", target: "member" },
  "member.left": { label: "Left the workspace", target: "member" },
  "ownership.transferred": { label: "Transferred ownership", target: "member" },
  "invitation.created": { label: "Invited someone", target: "invitation" },
  "invitation.resent": { label: "Resent an invitation", target: "invitation" },
  "invitation.revoked": { label: "Revoked an invitation", target: "invitation" },
  "invitation.accepted": { label: "Accepted an invitation", target: "invitation" },
  "api_key.created": { label: "Created an API key", target: "api_key" },
  "api_key.revoked": { label: "Revoked an API key", target: "api_key" },
  "api_key.rotated": { label: "Rotated an API key", target: "api_key" },
  "write_key.created": { label: "Created a tracking write key", target: "write_key" },
  "write_key.updated": { label: "Changed a tracking write key", target: "write_key" },
  "write_key.revoked": { label: "Revoked a tracking write key", target: "write_key" },
  "connection.connected": { label: "Connected a platform", target: "connection" },
  "connection.disconnected": { label: "Disconnected a platform", target: "connection" },
  "connection.settings_changed": { label: "Changed a connection's settings", target: "connection" },
  "workspace.settings_changed": { label: "Changed the workspace settings", target: "workspace" },
  "metric_settings.changed": { label: "Changed the metric settings", target: "metric_settings" },
  "activity_settings.changed": { label: "Changed the activity score settings", target: "activity_settings" },
  "product_group.created": { label: "Created a product group", target: "product_group" },
  "product_group.updated": { label: "Changed a product group", target: "product_group" },
  "product_group.deleted": { label: "Deleted a product group", target: "product_group" },
  "product_group.reordered": { label: "Reordered the product groups", target: "product_group" },
  "unit_cost.changed": { label: "Changed unit costs", target: "unit_cost" },
  "dashboard.deleted": { label: "Deleted a dashboard", target: "dashboard" },
  "notification_destination.created": { label: "Added a notification destination", target: "notification_destination" },
  "notification_destination.updated": { label: "Changed a notification destination", target: "notification_destination" },
  "notification_destination.deleted": { label: "Deleted a notification destination", target: "notification_destination" },
  "billing.kept_connections_changed": { label: "Chose the connections to keep", target: "billing" },
  "billing.plan_changed": { label: "Plan or subscription changed", target: "billing" },
  "audience.exported": { label: "Exported an audience with its emails", target: "audience" },
  "audience.settings_changed": { label: "Changed where an audience is sent", target: "audience" },
  "export.requested": { label: "Requested a data export", target: "export" },
  "export.downloaded": { label: "Downloaded a data export", target: "export" },
  "audit.exported": { label: "Downloaded the audit trail", target: "audit_trail" },
  "customer_data.exported": { label: "Exported a customer's data (GDPR)", target: "customer_data_request" },
  "customer_data.deleted": { label: "Erased a customer's data (GDPR)", target: "customer_data_request" },
  "support_access.granted": { label: "Granted support access", target: "support_access" },
  "support_access.revoked": { label: "Revoked support access", target: "support_access" },
  "support_access.used": { label: "An operator opened the workspace", target: "support_access" },
} as const satisfies Record<string, ActionSpec>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && Object.hasOwn(AUDIT_ACTIONS, value);
}

/** The groups actions are named in ("member", "api_key"...): `action=<group>.*` reads a whole group. */
export const AUDIT_ACTION_GROUPS = [...new Set(AUDIT_ACTION_NAMES.map((name) => name.split(".")[0]!))];

/** The target types actions name, for the target filter. */
export const AUDIT_TARGET_TYPES = [...new Set(Object.values(AUDIT_ACTIONS).map((spec) => spec.target as string))].sort();

export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action].label : action;
}
