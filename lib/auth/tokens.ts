import crypto from "node:crypto";

export function randomSecret(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** Tokens are long random strings, so one unsalted SHA-256 is enough to store them safely. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/**
 * Workspace-scoped tokens carry their workspace id, so the lookup is by
 * (workspace_id, token_hash) and stays on one shard.
 */
export function makeScopedToken(workspaceId: string, prefix = ""): string {
  return `${prefix}${workspaceId}.${randomSecret()}`;
}

export function splitScopedToken(token: string, prefix = ""): { workspaceId: string } | null {
  if (!token.startsWith(prefix)) return null;
  const body = token.slice(prefix.length);
  const dot = body.indexOf(".");
  if (dot <= 0 || dot === body.length - 1 || body.length > 200) return null;
  const workspaceId = body.slice(0, dot);
  if (!/^[a-z0-9]{8,40}$/.test(workspaceId)) return null;
  return { workspaceId };
}
