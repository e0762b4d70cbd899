import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/email/mailer";
import { safeEqual } from "@/lib/auth/tokens";

// The in-app webhook sink: an address per workspace that records whatever is posted to it, shown
// on the notifications settings page, so a message can be seen arriving with no chat account
// (the demo digest goes there). Like the dev outbox it is off in production unless
// SIGNALBOARD_DEV_SINK=1. Its address carries a token derived from the workspace id with the
// server's HASH_SECRET, so nobody can write into another workspace's sink.

export const SINK_PATH = "/api/sink/";
const MAX_KEPT = 200;

export function sinkEnabled(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.SIGNALBOARD_DEV_SINK === "1";
}

function tokenFor(workspaceId: string): string {
  const secret = process.env.HASH_SECRET;
  if (!secret) throw new Error("HASH_SECRET is not set.");
  const mac = crypto.createHmac("sha256", secret).update(`webhook-sink:${workspaceId}`).digest("base64url").slice(0, 32);
  return `${workspaceId}.${mac}`;
}

/** The workspace's sink address for one channel name (letters, digits, dashes). */
export function sinkUrl(workspaceId: string, channel = "inbox"): string {
  return appUrl(`${SINK_PATH}${tokenFor(workspaceId)}/${encodeURIComponent(channel)}`);
}

/** Whether a destination URL is this app's own sink (allowed over http whenever the sink is on). */
export function isSinkUrl(raw: string): boolean {
  return sinkEnabled() && raw.startsWith(appUrl(SINK_PATH));
}

/** The workspace a sink token belongs to, or null for a forged or malformed one. */
export function workspaceOfSinkToken(token: string): string | null {
  const workspaceId = token.split(".")[0];
  if (!workspaceId || token.length > 200) return null;
  return safeEqual(token, tokenFor(workspaceId)) ? workspaceId : null;
}

export const ZSinkChannel = /^[A-Za-z0-9_-]{1,64}$/;

/** Records one received request; keeps the newest MAX_KEPT per workspace. */
export async function recordSinkMessage(workspaceId: string, input: { channel: string; contentType: string | null; headers: Record<string, string>; body: string }) {
  const saved = await db.webhookSinkMessage.create({ data: { workspaceId, ...input } });
  const stale = await db.webhookSinkMessage.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    skip: MAX_KEPT,
    select: { id: true },
  });
  if (stale.length) await db.webhookSinkMessage.deleteMany({ where: { workspaceId, id: { in: stale.map((row) => row.id) } } });
  return saved;
}

export async function listSinkMessages(workspaceId: string, take = 50) {
  return db.webhookSinkMessage.findMany({ where: { workspaceId }, orderBy: { createdAt: "desc" }, take });
}
