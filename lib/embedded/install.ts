import { createShopifyClient, type FetchLike } from "@/lib/connectors/shopify/client";
import { ShopifyAuthError } from "@/lib/connectors/shopify/errors";
import type { ShopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { reconnectedShopify } from "@/lib/connections/oauth/shopify-callback";
import { exchangeSessionToken, type ShopifyOAuthCredentials } from "@/lib/connectors/shopify/oauth/tokens";
import { createShopifySource } from "@/lib/connectors/shopify/source";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/generated/client";
import { startInitialSync } from "@/lib/sync/schedule";
import { createWorkspace, isUniqueViolation } from "@/lib/workspaces/service";
import { EmbeddedAuthError } from "./errors";
import { embeddedContext, type EmbeddedContext } from "./guard";
import type { SessionClaims } from "./session-token";
import { staffAccountId, staffEmail, STAFF_PROVIDER } from "./staff";

// Managed installation: Shopify installs the app before its first load, so the first request
// with a session token finds no row for its shop. The token is exchanged for an expiring offline
// access token, the shop's zone and currency are read, and the shop becomes a workspace whose
// owner is the staff member who opened it; later staff join as members. A shop is one workspace:
// its `embedded_shops` row (the shop is the key) is written under a per-shop advisory lock, so
// first loads that race install once. Nothing is written before Shopify has accepted the token.

type Tx = Prisma.TransactionClient;
export type InstallOptions = { fetch?: FetchLike; config: ShopifyAppConfig };
type ShopFacts = { name: string; timeZone: string; currency: string };

/** Connection states a fresh token repairs: the shop came back, or its refresh token lapsed. */
const NEEDS_TOKEN = new Set(["disconnected", "needs_reauth"]);

async function needsToken(shop: string): Promise<boolean> {
  const installation = await db.embeddedShop.findUnique({ where: { shop } });
  if (!installation || installation.uninstalledAt) return true;
  const connection = await db.connection.findUnique({
    where: { workspaceId_id: { workspaceId: installation.workspaceId, id: installation.connectionId } },
    select: { status: true },
  });
  return !connection || NEEDS_TOKEN.has(connection.status);
}

/** The advisory lock every write about a shop's installation takes (install, join, link). */
export const installLockKey = (shop: string) => `embedded-install:${shop}`;

async function exchange(claims: SessionClaims, options: InstallOptions): Promise<ShopifyOAuthCredentials> {
  try {
    return await exchangeSessionToken(claims.shop, claims.token, { config: options.config, fetch: options.fetch });
  } catch (error) {
    if (error instanceof ShopifyAuthError) throw new EmbeddedAuthError("Shopify did not accept this session for the app.");
    throw error;
  }
}

async function shopFacts(shop: string, accessToken: string, fetchImpl?: FetchLike): Promise<ShopFacts> {
  const info = await createShopifySource(createShopifyClient({ shop, accessToken, fetch: fetchImpl })).shop();
  return { name: info.name || shop, timeZone: info.timeZone, currency: info.currency };
}

/** The shop's offline token from the session token, and its name, zone and currency. Writes nothing. */
export async function freshShopCredentials(claims: SessionClaims, options: InstallOptions): Promise<{ credentials: ShopifyOAuthCredentials; facts: ShopFacts }> {
  const credentials = await exchange(claims, options);
  return { credentials, facts: await shopFacts(claims.shop, credentials.accessToken, options.fetch) };
}

/** The staff member's user, created without a password the first time they open the app. */
export async function staffUser(tx: Tx, shop: string, userId: string): Promise<string> {
  const providerAccountId = staffAccountId(shop, userId);
  const account = await tx.oAuthAccount.findUnique({ where: { provider_providerAccountId: { provider: STAFF_PROVIDER, providerAccountId } }, select: { userId: true } });
  if (account) return account.userId;
  const user = await tx.user.create({
    data: { email: staffEmail(shop, userId), name: `${shop} staff ${userId}`, accounts: { create: { provider: STAFF_PROVIDER, providerAccountId } } },
    select: { id: true },
  });
  return user.id;
}

/**
 * Inside the shop's lock: the workspace (created, or found again after an uninstall), its store
 * connection with the new token, and the staff member's membership. Says whether a backfill is due.
 * Any failure rolls all of it back.
 */
async function provision(tx: Tx, claims: SessionClaims, fresh: { credentials: ShopifyOAuthCredentials; facts: ShopFacts } | null) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${installLockKey(claims.shop)}, 0))`;
  const installation = await tx.embeddedShop.findUnique({ where: { shop: claims.shop } });
  const installed = installation !== null && installation.uninstalledAt === null;
  if (!installed && !fresh) throw new EmbeddedAuthError("Signalboard is not installed on this shop.");
  const userId = await staffUser(tx, claims.shop, claims.userId);
  const join = (workspaceId: string) =>
    tx.membership.upsert({ where: { workspaceId_userId: { workspaceId, userId } }, create: { workspaceId, userId, role: "member" }, update: {} });
  if (!fresh) {
    await join(installation!.workspaceId);
    return { backfill: null };
  }

  // A new shop's opener creates (and owns) its workspace; a returning shop finds its own again.
  // A shop already connected to a workspace through the standalone app is not given a second
  // one (two workspaces would sync and bill one store twice), and its staff are not let into
  // that workspace either: being staff of the shop says nothing about who may see the workspace.
  if (!installation) await refuseShopConnectedElsewhere(tx, claims.shop);
  const workspaceId = installation?.workspaceId ?? (await createWorkspace(userId, fresh.facts, tx)).id;
  const before = await tx.connection.findUnique({
    where: { workspaceId_provider_externalAccountId: { workspaceId, provider: "shopify", externalAccountId: claims.shop } },
    select: { status: true },
  });
  const connection = await tx.connection.upsert({
    where: { workspaceId_provider_externalAccountId: { workspaceId, provider: "shopify", externalAccountId: claims.shop } },
    create: { workspaceId, provider: "shopify", externalAccountId: claims.shop, displayName: fresh.facts.name, timeZone: fresh.facts.timeZone, currency: fresh.facts.currency, ...reconnectedShopify(fresh.credentials) },
    update: reconnectedShopify(fresh.credentials),
    select: { id: true },
  });
  await tx.embeddedShop.upsert({
    where: { shop: claims.shop },
    create: { shop: claims.shop, workspaceId, connectionId: connection.id },
    update: installed ? { connectionId: connection.id } : { connectionId: connection.id, uninstalledAt: null, installedAt: new Date() },
  });
  await join(workspaceId);
  // A first load that lost the race to install finds the store already syncing; a new, returning
  // or re-authorised store loads its history (idempotent upserts: kept data is overwritten alike).
  const resumed = !installed || before === null || NEEDS_TOKEN.has(before.status);
  return { backfill: resumed ? { workspaceId, connectionId: connection.id } : null };
}

export const CONNECTED_ELSEWHERE =
  "This shop is already connected to a Signalboard workspace, so the app does not open a second one for it. " +
  "To open that workspace here, an owner or admin of it makes a link code (Connections, Link a Shopify admin install) to paste below.";

async function refuseShopConnectedElsewhere(tx: Tx, shop: string): Promise<void> {
  const elsewhere = await tx.connection.findFirst({
    where: { provider: "shopify", externalAccountId: shop, status: { not: "disconnected" } },
    select: { workspaceId: true },
  });
  if (elsewhere) throw new AppError("conflict", CONNECTED_ELSEWHERE);
}

/**
 * The shop's lock serialises its own first loads, but two shops of one name can still pick the
 * same free workspace slug at once: the unique index refuses the later, which runs again.
 */
async function provisionRetried(claims: SessionClaims, fresh: Parameters<typeof provision>[2]) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction((tx) => provision(tx, claims, fresh), { maxWait: 15_000, timeout: 30_000 });
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/**
 * The first load of the embedded app (and any load after): installs the shop if it is not, joins
 * the staff member, starts the backfill of a new or returning shop, and answers like the guard.
 */
export async function ensureInstalled(claims: SessionClaims, options: InstallOptions): Promise<EmbeddedContext> {
  const fresh = (await needsToken(claims.shop)) ? await freshShopCredentials(claims, options) : null;
  const { backfill } = await provisionRetried(claims, fresh);
  if (backfill) await startInitialSync(backfill);
  return embeddedContext(claims);
}
