import type { Role } from "@/lib/db/generated/enums";

export type { Role };
export const ROLES = ["owner", "admin", "member", "viewer"] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { owner: 3, admin: 2, member: 1, viewer: 0 };

// The lowest role that may do each thing; a higher role may always do what a lower one may.
const MINIMUM_ROLE = {
  "workspace.read": "viewer",
  "dashboards.edit": "member",
  "settings.manage": "admin",
  "members.manage": "admin",
  "connections.manage": "admin",
  "apikeys.manage": "admin",
  // Reading the audit trail: who did what, from which (hashed) address.
  "audit.read": "admin",
  "billing.manage": "owner",
  "privacy.export": "owner",
  "workspace.delete": "owner",
  "ownership.transfer": "owner",
  // Letting operators read the workspace for a while (lib/operators/support-access.ts).
  "support.manage": "owner",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof MINIMUM_ROLE;

export function can(role: Role, permission: Permission): boolean {
  return RANK[role] >= RANK[MINIMUM_ROLE[permission]];
}

// Everything but reading (the workspace or its audit trail), billing, a customer data export and support access changes the
// workspace: a read-only workspace (past due beyond its grace period) refuses these, keeps billing
// open so it can be paid, exports open since the store owner must get them, and support access
// open since that is when help is wanted.
const NOT_EDITS: ReadonlySet<Permission> = new Set(["workspace.read", "audit.read", "billing.manage", "privacy.export", "support.manage"]);

export function isEditPermission(permission: Permission): boolean {
  return !NOT_EDITS.has(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Nobody hands out more power than they hold: an admin cannot make owners or owner keys. */
export function canGrant(actor: Role, target: Role): boolean {
  return RANK[actor] >= RANK[target];
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Everything, including billing, deleting the workspace and transferring ownership.",
  admin: "Manages members, connections, settings and API keys.",
  member: "Creates and edits dashboards and reports.",
  viewer: "Reads dashboards and reports.",
};
