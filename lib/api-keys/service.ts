import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/changes";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { createWithinLimit } from "@/lib/billing/limits";
import { AppError } from "@/lib/errors";
import { hashToken, makeScopedToken, splitScopedToken } from "@/lib/auth/tokens";
import { canGrant, ROLES, type Role } from "@/lib/tenancy/roles";
import { parseInput } from "@/lib/validation";
import type { WorkspaceSummary } from "@/lib/workspaces/service";
import { expiryInstant, graceEnd, isExpired, ZExpirySchema } from "./expiry";

export const API_KEY_PREFIX = "sb_";
// Recording every use would write on every request; a minute's precision is plenty.
const LAST_USED_PRECISION_MS = 60_000;

export const ZCreateApiKeySchema = z
  .object({
    name: z.string({ error: "Give the key a name." }).trim().min(1, "Give the key a name.").max(64, "Use at most 64 characters."),
    role: z.enum(ROLES, { error: `Choose a role: ${ROLES.join(", ")}.` }),
  })
  .extend(ZExpirySchema.shape);

export type ApiKeyRow = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  rotatedAt: Date | null;
  /** Until when the secret it had before its last rotation still works. */
  previousValidUntil: Date | null;
  createdBy: { email: string; name: string | null } | null;
};

/** A key's prefix as shown in lists: enough to tell keys apart, too little to use. */
const displayPrefix = (key: string) => `${key.slice(0, API_KEY_PREFIX.length)}…${key.slice(-6)}`;

export async function createApiKey(
  workspaceId: string,
  actor: { userId: string | null; role: Role },
  input: unknown,
  now = new Date(),
): Promise<{ key: string; apiKey: ApiKeyRow }> {
  const data = parseInput(ZCreateApiKeySchema, input);
  if (!canGrant(actor.role, data.role)) throw AppError.field("role", "You cannot create a key with a higher role than your own.", "forbidden");
  const { timeZone } = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timeZone: true } });
  const expiry = expiryInstant(data, timeZone, now);
  if ("error" in expiry) throw AppError.field(expiry.error.field, expiry.error.message);
  const key = makeScopedToken(workspaceId, API_KEY_PREFIX);
  const apiKey = await createWithinLimit(workspaceId, "apiKeys", async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        workspaceId,
        name: data.name,
        role: data.role,
        prefix: displayPrefix(key),
        keyHash: hashToken(key),
        createdById: actor.userId,
        expiresAt: expiry.expiresAt,
      },
      select: API_KEY_ROW,
    });
    await recordAudit(tx, {
      workspaceId,
      action: "api_key.created",
      target: { type: "api_key", id: created.id },
      changes: diffFields(null, { name: created.name, role: created.role, expiresAt: created.expiresAt }),
    });
    return created;
  }, now);
  return { key, apiKey };
}

const API_KEY_ROW = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  rotatedAt: true,
  previousValidUntil: true,
  createdBy: { select: { email: true, name: true } },
} as const;

export function listApiKeys(workspaceId: string): Promise<ApiKeyRow[]> {
  return db.apiKey.findMany({ where: { workspaceId, revokedAt: null }, select: API_KEY_ROW, orderBy: { createdAt: "desc" } });
}

export async function revokeApiKey(workspaceId: string, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({ where: { workspaceId, id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw new AppError("not_found", "That API key does not exist or was already revoked.");
    await recordAudit(tx, { workspaceId, action: "api_key.revoked", target: { type: "api_key", id } });
  });
}

/**
 * Issues a new secret for a key and keeps the one it replaces working for the grace period
 * (a secret older than that stops at once). The key keeps its id, name, role and expiry, and
 * from now on answers to the member who rotated it: they hold its secret.
 */
export async function rotateApiKey(
  workspaceId: string,
  actor: { userId: string | null; role: Role },
  id: unknown,
  now = new Date(),
): Promise<{ key: string; apiKey: ApiKeyRow }> {
  const missing = new AppError("not_found", "That API key does not exist or was revoked.");
  if (typeof id !== "string" || !id || id.includes("\u0000")) throw missing;
  const current = await db.apiKey.findFirst({ where: { workspaceId, id, revokedAt: null }, select: { role: true, keyHash: true, expiresAt: true } });
  if (!current) throw missing;
  if (!canGrant(actor.role, current.role)) throw new AppError("forbidden", "You cannot rotate a key with a higher role than your own.");
  if (isExpired(current.expiresAt, now)) throw new AppError("conflict", "This key has expired. Create a new key instead.");
  const key = makeScopedToken(workspaceId, API_KEY_PREFIX);
  // Only if nobody rotated or revoked it meanwhile: two rotations at once would lose a secret.
  const { count } = await db.apiKey.updateMany({
    where: { workspaceId, id, revokedAt: null, keyHash: current.keyHash },
    data: {
      keyHash: hashToken(key),
      prefix: displayPrefix(key),
      previousKeyHash: current.keyHash,
      previousValidUntil: graceEnd(now),
      rotatedAt: now,
      ...(actor.userId ? { createdById: actor.userId } : {}),
    },
  });
  if (count === 0) throw new AppError("conflict", "The key changed while it was being rotated. Reload and try again.");
  await recordAudit(null, { workspaceId, action: "api_key.rotated", target: { type: "api_key", id }, changes: { secret: { before: "[redacted]", after: "[redacted]" } } });
  const apiKey = await db.apiKey.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId, id } }, select: API_KEY_ROW });
  return { key, apiKey };
}

/** The lower of two roles: a key never acts above the member who made it. */
const lowerRole = (a: Role, b: Role): Role => (ROLES.indexOf(a) >= ROLES.indexOf(b) ? a : b);

export type AuthenticatedKey = {
  id: string;
  workspaceId: string;
  name: string;
  role: Role;
  /** When the secret presented stops working: the key's expiry, or the end of a rotation's grace. */
  expiresAt: Date | null;
  /** The workspace the key belongs to, read with the key so a request needs no second look-up. */
  workspace: WorkspaceSummary;
};

const earlier = (a: Date | null, b: Date | null): Date | null => (a && b ? (a < b ? a : b) : (a ?? b));

type PresentedKeyRow = {
  id: string;
  workspace_id: string;
  name: string;
  role: Role;
  revoked: boolean;
  key_hash: string;
  last_used_at: Date | null;
  expires_at: Date | null;
  previous_valid_until: Date | null;
  created_by_id: string | null;
  creator_role: Role | null;
  slug: string;
  workspace_name: string;
  time_zone: string;
  currency: string;
};

// Every API request starts here, so the key, its creator's membership as it is now and its
// workspace come back in one round trip. Timestamps are stored as UTC wall time (Prisma's
// timestamp(3)); AT TIME ZONE 'UTC' hands pg an instant it cannot misread in the process's zone.
const PRESENTED_KEY_SQL = `
  SELECT k.id, k.workspace_id, k.name, k.role::text AS role, k.revoked_at IS NOT NULL AS revoked, k.key_hash,
         k.last_used_at AT TIME ZONE 'UTC' AS last_used_at, k.expires_at AT TIME ZONE 'UTC' AS expires_at,
         k.previous_valid_until AT TIME ZONE 'UTC' AS previous_valid_until,
         k.created_by_id, m.role::text AS creator_role,
         w.slug, w.name AS workspace_name, w.time_zone, w.currency
  FROM api_keys k
  JOIN workspaces w ON w.id = k.workspace_id
  LEFT JOIN memberships m ON m.workspace_id = k.workspace_id AND m.user_id = k.created_by_id
  WHERE k.workspace_id = $1 AND (k.key_hash = $2 OR k.previous_key_hash = $2)
  ORDER BY k.key_hash = $2 DESC
  LIMIT 1`;

/**
 * Resolves a presented key to its workspace and role; null for anything unknown or revoked, and a
 * 401 that says why for an expired key or a rotated-out secret. A key acts with the lower of its
 * own role and its creator's current one, so demoting a member demotes their keys and removing
 * them stops their keys; keys an operator made with the CLI have no creator and keep their role.
 */
export async function authenticateApiKey(presented: string, now = new Date()): Promise<AuthenticatedKey | null> {
  const scope = splitScopedToken(presented, API_KEY_PREFIX);
  if (!scope) return null;
  const hash = hashToken(presented);
  // Named, so each connection parses and plans it once rather than on every request.
  const { rows } = await getPool().query<PresentedKeyRow>({ name: "api-key-presented", text: PRESENTED_KEY_SQL, values: [scope.workspaceId, hash] });
  const key = rows[0];
  if (!key || key.revoked) return null;
  if (isExpired(key.expires_at, now)) {
    throw new AppError("unauthorized", `This API key expired at ${key.expires_at!.toISOString()}. An admin can create a new one under Settings, API keys.`);
  }
  let expiresAt = key.expires_at;
  if (key.key_hash !== hash) {
    if (isExpired(key.previous_valid_until, now)) {
      throw new AppError(
        "unauthorized",
        `This API key was rotated, and its previous secret stopped working at ${key.previous_valid_until!.toISOString()}. Use the new secret.`,
      );
    }
    expiresAt = earlier(key.expires_at, key.previous_valid_until);
  }
  let role = key.role;
  if (key.created_by_id) {
    // The creator is no longer a member: the key stops with them.
    if (!key.creator_role) return null;
    role = lowerRole(key.role, key.creator_role);
  }
  if (!key.last_used_at || now.getTime() - key.last_used_at.getTime() > LAST_USED_PRECISION_MS) {
    await db.apiKey.update({ where: { workspaceId_id: { workspaceId: key.workspace_id, id: key.id } }, data: { lastUsedAt: now } });
  }
  return {
    id: key.id,
    workspaceId: key.workspace_id,
    name: key.name,
    role,
    expiresAt,
    workspace: { id: key.workspace_id, slug: key.slug, name: key.workspace_name, timeZone: key.time_zone, currency: key.currency },
  };
}
