import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { hashToken, makeScopedToken, splitScopedToken } from "@/lib/auth/tokens";
import { canGrant, ROLES, type Role } from "@/lib/tenancy/roles";
import { parseInput } from "@/lib/validation";

export const API_KEY_PREFIX = "sb_";
// Recording every use would write on every request; a minute's precision is plenty.
const LAST_USED_PRECISION_MS = 60_000;

export const ZCreateApiKeySchema = z.object({
  name: z.string({ error: "Give the key a name." }).trim().min(1, "Give the key a name.").max(64, "Use at most 64 characters."),
  role: z.enum(ROLES, { error: `Choose a role: ${ROLES.join(", ")}.` }),
});

export type ApiKeyRow = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  createdBy: { email: string; name: string | null } | null;
};

export async function createApiKey(
  workspaceId: string,
  actor: { userId: string | null; role: Role },
  input: unknown,
): Promise<{ key: string; apiKey: ApiKeyRow }> {
  const data = parseInput(ZCreateApiKeySchema, input);
  if (!canGrant(actor.role, data.role)) throw AppError.field("role", "You cannot create a key with a higher role than your own.", "forbidden");
  const key = makeScopedToken(workspaceId, API_KEY_PREFIX);
  const apiKey = await db.apiKey.create({
    data: {
      workspaceId,
      name: data.name,
      role: data.role,
      prefix: `${key.slice(0, API_KEY_PREFIX.length)}…${key.slice(-6)}`,
      keyHash: hashToken(key),
      createdById: actor.userId,
    },
    select: API_KEY_ROW,
  });
  return { key, apiKey };
}

const API_KEY_ROW = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  createdBy: { select: { email: true, name: true } },
} as const;

export function listApiKeys(workspaceId: string): Promise<ApiKeyRow[]> {
  return db.apiKey.findMany({ where: { workspaceId, revokedAt: null }, select: API_KEY_ROW, orderBy: { createdAt: "desc" } });
}

export async function revokeApiKey(workspaceId: string, id: string): Promise<void> {
  const { count } = await db.apiKey.updateMany({ where: { workspaceId, id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("not_found", "That API key does not exist or was already revoked.");
}

/** The lower of two roles: a key never acts above the member who made it. */
const lowerRole = (a: Role, b: Role): Role => (ROLES.indexOf(a) >= ROLES.indexOf(b) ? a : b);

/**
 * Resolves a presented key to its workspace and role; null for anything unknown or revoked. A key
 * acts with the lower of its own role and its creator's current one, so demoting a member demotes
 * their keys and removing them stops their keys; keys an operator made with the CLI have no
 * creator and keep their role.
 */
export async function authenticateApiKey(presented: string): Promise<{ id: string; workspaceId: string; role: Role } | null> {
  const scope = splitScopedToken(presented, API_KEY_PREFIX);
  if (!scope) return null;
  const key = await db.apiKey.findUnique({
    where: { workspaceId_keyHash: { workspaceId: scope.workspaceId, keyHash: hashToken(presented) } },
    select: { id: true, workspaceId: true, role: true, revokedAt: true, lastUsedAt: true, createdById: true },
  });
  if (!key || key.revokedAt) return null;
  let role = key.role;
  if (key.createdById) {
    const creator = await db.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: key.workspaceId, userId: key.createdById } },
      select: { role: true },
    });
    if (!creator) return null;
    role = lowerRole(key.role, creator.role);
  }
  const now = Date.now();
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db.apiKey.update({ where: { workspaceId_id: { workspaceId: key.workspaceId, id: key.id } }, data: { lastUsedAt: new Date(now) } });
  }
  return { id: key.id, workspaceId: key.workspaceId, role };
}
