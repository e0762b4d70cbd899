import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/changes";
import crypto from "node:crypto";
import { z } from "zod";
import { hashToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { ZAllowedOriginsSchema } from "./origins";

// Write keys: public keys a browser or the web pixel sends events with. The value is no secret
// (it sits in the store's pages), so it is stored whole for settings to show again; what
// protects a workspace is that a key only appends events, only from its allowed origins, under
// a rate limit, and can be revoked.

export const WRITE_KEY_PREFIX = "sbw_";
const RANDOM_LENGTH = 24;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** sbw_ + 24 base62 characters (about 143 bits), drawn without modulo bias. */
export function newWriteKeyValue(): string {
  let out = "";
  while (out.length < RANDOM_LENGTH) {
    for (const byte of crypto.randomBytes(32)) {
      // 248 = 4 * 62: bytes above it would favour the first characters.
      if (byte < 248 && out.length < RANDOM_LENGTH) out += BASE62[byte % 62];
    }
  }
  return WRITE_KEY_PREFIX + out;
}

const WRITE_KEY_SHAPE = /^sbw_[0-9A-Za-z]{24}$/;

const ZNameSchema = z.string({ error: "Give the key a name." }).trim().min(1, "Give the key a name.").max(64, "Use at most 64 characters.");

export const ZCreateWriteKeySchema = z.object({
  name: ZNameSchema,
  allowed_origins: ZAllowedOriginsSchema.default([]).describe(
    "Origins whose pages may send events with this key, e.g. https://shop.example.com or https://*.example.com (any subdomain); null admits sandboxed pages such as the Shopify web pixel.",
  ),
});

export const ZUpdateWriteKeySchema = z
  .object({ name: ZNameSchema.optional(), allowed_origins: ZAllowedOriginsSchema.optional() })
  .refine((value) => value.name !== undefined || value.allowed_origins !== undefined, { message: "Send name or allowed_origins.", path: ["name"] });

export const ZWriteKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  key: z.string().describe("The public write key (sbw_…) to paste into the snippet or the web pixel's settings."),
  allowedOrigins: z.array(z.string()),
  createdAt: z.string().describe("ISO 8601."),
  lastEventAt: z.string().nullable().describe("When the last event sent with this key was stored (to the minute)."),
});

export type WriteKeyRow = {
  id: string;
  name: string;
  key: string;
  allowedOrigins: string[];
  createdAt: Date;
  lastEventAt: Date | null;
};

const ROW_SELECT = { id: true, name: true, value: true, allowedOrigins: true, createdAt: true, lastEventAt: true } as const;
type SelectedRow = { id: string; name: string; value: string; allowedOrigins: string[]; createdAt: Date; lastEventAt: Date | null };
const toRow = ({ value, ...rest }: SelectedRow): WriteKeyRow => ({ ...rest, key: value });

export const writeKeyJson = (row: WriteKeyRow): z.infer<typeof ZWriteKeySchema> => ({
  id: row.id,
  name: row.name,
  key: row.key,
  allowedOrigins: row.allowedOrigins,
  createdAt: row.createdAt.toISOString(),
  lastEventAt: row.lastEventAt?.toISOString() ?? null,
});

/** Creates a key; the caller has checked the actor may manage keys (admins). */
export async function createWriteKey(workspaceId: string, actor: { userId: string | null }, input: unknown): Promise<WriteKeyRow> {
  const data = parseInput(ZCreateWriteKeySchema, input);
  const value = newWriteKeyValue();
  const row = await db.writeKey.create({
    data: { workspaceId, name: data.name, value, keyHash: hashToken(value), allowedOrigins: data.allowed_origins, createdById: actor.userId },
    select: ROW_SELECT,
  });
  await recordAudit(null, { workspaceId, action: "write_key.created", target: { type: "write_key", id: row.id }, changes: diffFields(null, { name: data.name, allowedOrigins: data.allowed_origins }) });
  return toRow(row);
}

/** The workspace's keys that are not revoked, newest first. */
export async function listWriteKeys(workspaceId: string): Promise<WriteKeyRow[]> {
  const rows = await db.writeKey.findMany({ where: { workspaceId, revokedAt: null }, select: ROW_SELECT, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  return rows.map(toRow);
}

const missingKey = () => new AppError("not_found", "That write key does not exist or was revoked.");

function assertId(id: unknown): asserts id is string {
  if (typeof id !== "string" || !id || id.length > 64 || id.includes("\u0000")) throw missingKey();
}

export async function getWriteKey(workspaceId: string, id: unknown): Promise<WriteKeyRow> {
  assertId(id);
  const row = await db.writeKey.findFirst({ where: { workspaceId, id, revokedAt: null }, select: ROW_SELECT });
  if (!row) throw missingKey();
  return toRow(row);
}

export async function updateWriteKey(workspaceId: string, id: unknown, input: unknown): Promise<WriteKeyRow> {
  assertId(id);
  const data = parseInput(ZUpdateWriteKeySchema, input);
  const before = await getWriteKey(workspaceId, id);
  const { count } = await db.writeKey.updateMany({
    where: { workspaceId, id, revokedAt: null },
    data: { ...(data.name !== undefined ? { name: data.name } : {}), ...(data.allowed_origins !== undefined ? { allowedOrigins: data.allowed_origins } : {}) },
  });
  if (count === 0) throw missingKey();
  forgetResolvedKeys();
  const after = await getWriteKey(workspaceId, id);
  await recordAudit(null, {
    workspaceId,
    action: "write_key.updated",
    target: { type: "write_key", id },
    changes: diffFields({ name: before.name, allowedOrigins: before.allowedOrigins }, { name: after.name, allowedOrigins: after.allowedOrigins }),
  });
  return after;
}

/** Revokes a key: events sent with it are refused within RESOLVE_CACHE_MS in every process, at once in this one. */
export async function revokeWriteKey(workspaceId: string, id: unknown, now = new Date()): Promise<void> {
  assertId(id);
  const { count } = await db.writeKey.updateMany({ where: { workspaceId, id, revokedAt: null }, data: { revokedAt: now } });
  if (count === 0) throw missingKey();
  await recordAudit(null, { workspaceId, action: "write_key.revoked", target: { type: "write_key", id } });
  forgetResolvedKeys();
}

/** What the event API needs to know about a presented key. */
export type ResolvedWriteKey = { id: string; workspaceId: string; allowedOrigins: string[] };

/**
 * How long a resolved key (or an unknown one) is remembered in this process. Every event
 * request resolves its key, so this spares the database a query per request; the price is that
 * a revocation or origin change reaches other processes up to this late.
 */
export const RESOLVE_CACHE_MS = 5_000;
const RESOLVE_CACHE_MAX = 10_000;

type CacheEntry = { key: ResolvedWriteKey | null; until: number };
// One map per process, not per copy of this module: in production the event API's front
// (lib/server/track-front.ts) loads its own copy beside Next's bundle in the same process, and a
// revocation made through the app must empty the cache the front reads too.
const CACHE_SLOT = Symbol.for("signalboard.tracking.resolvedWriteKeys");
const slots = globalThis as unknown as Record<symbol, Map<string, CacheEntry> | undefined>;
const resolved = (slots[CACHE_SLOT] ??= new Map<string, CacheEntry>());

export function forgetResolvedKeys(): void {
  resolved.clear();
}

type KeyRow = { id: string; workspace_id: string; allowed_origins: string[] };

/** The live key with this value, or null (unknown, malformed or revoked). */
export async function resolveWriteKey(value: string, now = Date.now()): Promise<ResolvedWriteKey | null> {
  if (!WRITE_KEY_SHAPE.test(value)) return null;
  const cached = resolved.get(value);
  if (cached && cached.until > now) return cached.key;
  const { rows } = await getPool().query<KeyRow>({
    name: "write-key-resolve",
    text: "SELECT id, workspace_id, allowed_origins FROM write_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    values: [hashToken(value)],
  });
  const row = rows[0];
  const key = row ? { id: row.id, workspaceId: row.workspace_id, allowedOrigins: row.allowed_origins } : null;
  // Unknown keys are remembered too, so a flood of one bad key costs one query per interval;
  // the map is bounded so a flood of many different bad keys cannot grow it without end.
  if (resolved.size >= RESOLVE_CACHE_MAX) resolved.clear();
  resolved.set(value, { key, until: now + RESOLVE_CACHE_MS });
  return key;
}
