import crypto from "node:crypto";
import { getPool, utc } from "@/lib/db/pool";
import { GroupCommit } from "@/lib/tracking/group-commit";
import { clientFacts, type HeaderReader } from "@/lib/tracking/client-address";
import { inMachineRange } from "../humans/machine";
import { OWNED_CLICK_ID_PARAM, type TOwnedMachineReason, type TOwnedUserAgentClass } from "../types";
import { isRefusal, verifyToken, type TTokenClaims } from "./tokens";
import { logger } from "@/lib/log";

const log = logger("owned");

// Following a tracked link and loading the open pixel: the hot path. A request costs one
// signature check, a lookup of the link served from memory after its first use, and one row in
// a group commit (the rows of requests arriving together go in one INSERT); the answer waits
// for that commit, so a click that was answered is stored. Nothing else happens here: whether a
// click was a person's is decided later (lib/owned/humans).
//
// A token that cannot be read (malformed, tampered, expired, or naming a link that is not
// there) leads to the workspace's fallback URL when the token names a workspace that set one,
// else to a 404 page: never to a URL the workspace did not send.

export type TFollowAnswer = { status: 302; location: string } | { status: 404 };

type TLinkInfo = { url: string; purpose: string; channel: string; campaign: string; template: string };

const LINK_TTL_MS = 5 * 60_000;
const FALLBACK_TTL_MS = 60_000;
const CACHE_MAX = 20_000;
const linkCache = new Map<string, { info: TLinkInfo | null; at: number }>();
const fallbackCache = new Map<string, { url: string | null; at: number }>();

function cached<V>(cache: Map<string, { at: number } & V>, key: string, ttl: number): V | undefined {
  const hit = cache.get(key);
  return hit && Date.now() - hit.at < ttl ? hit : undefined;
}

function remember<V>(cache: Map<string, { at: number } & V>, key: string, value: V): void {
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, { ...value, at: Date.now() });
}

async function linkInfo(workspaceId: string, linkId: bigint): Promise<TLinkInfo | null> {
  const key = `${workspaceId}:${linkId}`;
  const hit = cached(linkCache, key, LINK_TTL_MS);
  if (hit) return hit.info;
  const { rows } = await getPool().query<TLinkInfo>(
    `SELECT l.url, l.purpose, c.channel, c.name AS campaign, t.name AS template
     FROM owned_links l
     JOIN owned_campaigns c ON c.workspace_id = l.workspace_id AND c.id = l.campaign_id
     JOIN owned_templates t ON t.workspace_id = l.workspace_id AND t.id = l.template_id
     WHERE l.workspace_id = $1 AND l.id = $2`,
    [workspaceId, linkId.toString()],
  );
  const info = rows[0] ?? null;
  remember(linkCache, key, { info });
  return info;
}

async function fallbackUrl(workspaceId: string | null): Promise<string | null> {
  if (!workspaceId) return null;
  const hit = cached(fallbackCache, workspaceId, FALLBACK_TTL_MS);
  if (hit) return hit.url;
  const { rows } = await getPool().query<{ fallback_url: string | null }>("SELECT fallback_url FROM owned_settings WHERE workspace_id = $1", [workspaceId]);
  const url = rows[0]?.fallback_url ?? null;
  remember(fallbackCache, workspaceId, { url });
  return url;
}

/** Forgets cached links and fallback URLs (after settings change in this process, and in tests). */
export function forgetFollowCaches(): void {
  linkCache.clear();
  fallbackCache.clear();
}

/**
 * The landing URL: the recorded URL with UTM parameters (source and medium the channel,
 * campaign and content the campaign's and template's names) and the click id. UTM parameters the
 * URL already has are the sender's choice and stay; its query and fragment are kept.
 */
export function landingUrl(info: Pick<TLinkInfo, "url" | "channel" | "campaign" | "template">, clickId: string): string {
  const url = new URL(info.url);
  const utm: [string, string][] = [
    ["utm_source", info.channel],
    ["utm_medium", info.channel],
    ["utm_campaign", info.campaign],
    ["utm_content", info.template],
  ];
  for (const [name, value] of utm) if (!url.searchParams.has(name)) url.searchParams.append(name, value);
  url.searchParams.set(OWNED_CLICK_ID_PARAM, clickId);
  return url.toString();
}

const BOT_AGENT = /bot|crawl|spider|scan|preview|slurp|curl|wget|python|java\/|go-http|headless|phantom|okhttp|libwww|barracuda|proofpoint|mimecast/i;
const MAIL_PROXY_AGENT = /googleimageproxy|yahoomailproxy|ymailproxy|outlook-iOS-android|mail\.ru_bot|via ggpht\.com/i;

export function userAgentClass(userAgent: string | null): TOwnedUserAgentClass {
  if (!userAgent) return "unknown";
  if (MAIL_PROXY_AGENT.test(userAgent)) return "mail_proxy";
  if (BOT_AGENT.test(userAgent)) return "bot";
  return /^Mozilla\//.test(userAgent) ? "browser" : "unknown";
}

type TClickRow = {
  workspaceId: string;
  sendId: bigint;
  linkId: bigint;
  at: Date;
  clickId: string;
  ipHash: string | null;
  ipPrefix: string | null;
  uaHash: string | null;
  uaClass: TOwnedUserAgentClass;
  machineReason: TOwnedMachineReason | null;
};
type TOpenRow = Omit<TClickRow, "linkId" | "clickId" | "uaHash">;

async function writeClicks(rows: TClickRow[]): Promise<void> {
  await getPool().query(
    `INSERT INTO owned_clicks (workspace_id, send_id, link_id, at, click_id, ip_hash, ip_prefix, user_agent_hash, user_agent_class, machine, machine_reason)
     SELECT w, s, l, a, c, ih, ip, uh, uc, r IS NOT NULL, r
     FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::timestamp[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       AS x(w, s, l, a, c, ih, ip, uh, uc, r)`,
    [
      rows.map((r) => r.workspaceId),
      rows.map((r) => r.sendId.toString()),
      rows.map((r) => r.linkId.toString()),
      rows.map((r) => utc(r.at)),
      rows.map((r) => r.clickId),
      rows.map((r) => r.ipHash),
      rows.map((r) => r.ipPrefix),
      rows.map((r) => r.uaHash),
      rows.map((r) => r.uaClass),
      rows.map((r) => r.machineReason),
    ],
  );
}

async function writeOpens(rows: TOpenRow[]): Promise<void> {
  await getPool().query(
    `INSERT INTO owned_opens (workspace_id, send_id, at, source, ip_hash, ip_prefix, user_agent_class, machine, machine_reason)
     SELECT w, s, a, 'pixel', ih, ip, uc, r IS NOT NULL, r
     FROM unnest($1::text[], $2::bigint[], $3::timestamp[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(w, s, a, ih, ip, uc, r)`,
    [
      rows.map((r) => r.workspaceId),
      rows.map((r) => r.sendId.toString()),
      rows.map((r) => utc(r.at)),
      rows.map((r) => r.ipHash),
      rows.map((r) => r.ipPrefix),
      rows.map((r) => r.uaClass),
      rows.map((r) => r.machineReason),
    ],
  );
}

const holder = globalThis as unknown as { __ownedCommits?: { clicks: GroupCommit<TClickRow>; opens: GroupCommit<TOpenRow> } };
function commits() {
  return (holder.__ownedCommits ??= {
    clicks: new GroupCommit(writeClicks, { maxRows: 500, maxInFlight: 4 }),
    opens: new GroupCommit(writeOpens, { maxRows: 500, maxInFlight: 4 }),
  });
}

function requestFacts(headers: HeaderReader, at: Date, address?: string | null) {
  const facts = clientFacts(headers, at, address);
  return { ...facts, uaClass: userAgentClass(facts.userAgent) };
}

async function refused(workspaceId: string | null): Promise<TFollowAnswer> {
  const fallback = await fallbackUrl(workspaceId);
  return fallback ? { status: 302, location: fallback } : { status: 404 };
}

/** A tracked link followed: the click stored, then where to send the person. */
export async function followLink(token: string, headers: HeaderReader, address?: string | null, now = new Date()): Promise<TFollowAnswer> {
  const claims = verifyToken(token, "link", now);
  if (isRefusal(claims)) return refused(claims.workspaceId);
  const info = await linkInfo(claims.workspaceId, claims.linkId);
  if (!info) return refused(claims.workspaceId);
  const facts = requestFacts(headers, now, address);
  const clickId = crypto.randomBytes(12).toString("base64url");
  const ip = address ?? null;
  try {
    await commits().clicks.add({
      workspaceId: claims.workspaceId,
      sendId: claims.sendId,
      linkId: claims.linkId,
      at: now,
      clickId,
      ipHash: facts.ipHash,
      ipPrefix: facts.ipPrefix,
      uaHash: facts.userAgent ? crypto.createHash("sha256").update(facts.userAgent).digest("hex").slice(0, 32) : null,
      uaClass: facts.uaClass,
      machineReason: inMachineRange(ip ?? facts.ipPrefix) ? "proxy_range" : null,
    });
    if (info.purpose === "unsubscribe") await recordLinkUnsubscribe(claims, now);
  } catch (error) {
    // The person still gets where the link leads; the lost click is logged, not hidden.
    log.error("click not stored", { workspaceId: claims.workspaceId, err: error });
  }
  return { status: 302, location: landingUrl(info, clickId) };
}

/** The pixel loaded: the open stored. Unknown tokens store nothing (the answer is the same GIF). */
export async function recordOpen(token: string, headers: HeaderReader, address?: string | null, now = new Date()): Promise<boolean> {
  const claims = verifyToken(token, "open", now);
  if (isRefusal(claims)) return false;
  const facts = requestFacts(headers, now, address);
  try {
    await commits().opens.add({
      workspaceId: claims.workspaceId,
      sendId: claims.sendId,
      at: now,
      ipHash: facts.ipHash,
      ipPrefix: facts.ipPrefix,
      uaClass: facts.uaClass,
      machineReason: inMachineRange(address ?? facts.ipPrefix) ? "proxy_range" : null,
    });
    return true;
  } catch (error) {
    log.error("open not stored", { workspaceId: claims.workspaceId, err: error });
    return false;
  }
}


async function recordLinkUnsubscribe(claims: TTokenClaims, at: Date): Promise<void> {
  await getPool().query(
    `INSERT INTO owned_send_events (workspace_id, send_id, kind, at, source) VALUES ($1, $2, 'unsubscribe', $3::timestamp, 'link')
     ON CONFLICT (workspace_id, send_id, kind) DO NOTHING`,
    [claims.workspaceId, claims.sendId.toString(), utc(at)],
  );
}

/** The 1x1 transparent GIF the pixel answers with. */
export const PIXEL_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
