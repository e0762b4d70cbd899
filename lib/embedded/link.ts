import { assertMayConnect } from "@/lib/billing/limits";
import { hashToken, makeScopedToken, splitScopedToken } from "@/lib/auth/tokens";
import { DEMO_SHOP_DOMAIN } from "@/lib/connections/service";
import { reconnectedShopify } from "@/lib/connections/oauth/shopify-callback";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { startInitialSync } from "@/lib/sync/schedule";
import { actorUserId, authorize, type WorkspaceContext } from "@/lib/tenancy/guard";
import { can } from "@/lib/tenancy/roles";
import { removeWorkspaceRows } from "@/lib/workspaces/service";
import { embeddedContext, type EmbeddedContext } from "./guard";
import { freshShopCredentials, installLockKey, staffUser, type InstallOptions } from "./install";
import type { SessionClaims } from "./session-token";
import { staffAccountId, STAFF_PROVIDER } from "./staff";

// Linking a shop to a workspace that already exists (one shop, one workspace). The workspace's
// owner or admin makes a code (single use, 15 minutes, only its hash stored); the shop's staff
// member pastes it in the embedded app, and the shop becomes that workspace's store: its Shopify
// connection gets the token exchanged from the session token, the shop's embedded installation
// points at it, and the shop's staff join it as members (never owners: being staff of the shop
// says nothing about the rest of the workspace). A workspace the install made for the shop a
// moment ago is removed, as long as nothing in it is more than the shop's own copy.

type Tx = Prisma.TransactionClient;

export const LINK_CODE_PREFIX = "sblink_";
export const LINK_CODE_TTL_MS = 15 * 60 * 1000;

const INVALID = "This link code is not valid. Make a new one in Signalboard under Connections, Link a Shopify admin install.";
const USED_OR_EXPIRED = "This link code was already used or has expired. Make a new one in Signalboard under Connections, Link a Shopify admin install.";
const MAKER_GONE = "Whoever made this link code is no longer an owner or admin of that workspace. Ask one to make a new code.";
const OTHER_SHOP = (other: string) => `That workspace already has another Shopify store (${other}). One workspace holds one shop: disconnect it there first.`;
const LINKED_ELSEWHERE = "This shop is already connected to another Signalboard workspace. One shop opens one workspace: disconnect it there first.";
const NOT_DISPOSABLE =
  "This shop's Signalboard workspace holds more than the shop's own data (other members, stores, accounts or a plan), so it is not replaced. Contact support to merge them.";
const NOT_INSTALLER = "Only the staff member who installed Signalboard on this shop can link it to another workspace.";

/** Makes a link code for the workspace: owners and admins only. The code is shown once. */
export async function createShopLinkCode(context: WorkspaceContext, now = new Date()): Promise<{ code: string; expiresAt: Date }> {
  authorize(context, "connections.manage");
  const workspaceId = context.workspace.id;
  const code = makeScopedToken(workspaceId, LINK_CODE_PREFIX);
  const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS);
  await db.shopLinkCode.create({ data: { workspaceId, tokenHash: hashToken(code), createdById: actorUserId(context), expiresAt } });
  return { code, expiresAt };
}

type CodeRow = { workspaceId: string; id: string; createdById: string | null; expiresAt: Date; usedAt: Date | null };

/** The code's row, if the code is well formed and one was made (forged or garbled: a 400 naming `code`). */
async function findCode(client: Tx | typeof db, code: unknown): Promise<CodeRow> {
  const text = typeof code === "string" ? code.trim() : "";
  const scoped = splitScopedToken(text, LINK_CODE_PREFIX);
  if (!scoped) throw AppError.field("code", INVALID);
  const row = await client.shopLinkCode.findUnique({
    where: { workspaceId_tokenHash: { workspaceId: scoped.workspaceId, tokenHash: hashToken(text) } },
    select: { workspaceId: true, id: true, createdById: true, expiresAt: true, usedAt: true },
  });
  if (!row) throw AppError.field("code", INVALID);
  return row;
}

/** Everything that refuses a link, checked before Shopify is asked and again inside the shop's lock. */
async function check(client: Tx | typeof db, claims: SessionClaims, row: CodeRow, now: Date): Promise<{ disposable: string | null }> {
  if (row.usedAt || row.expiresAt <= now) throw AppError.field("code", USED_OR_EXPIRED);
  const maker = row.createdById
    ? await client.membership.findUnique({ where: { workspaceId_userId: { workspaceId: row.workspaceId, userId: row.createdById } }, select: { role: true } })
    : null;
  if (!maker || !can(maker.role, "connections.manage")) throw AppError.field("code", MAKER_GONE, "forbidden");

  const otherShop = await client.connection.findFirst({
    where: { workspaceId: row.workspaceId, provider: "shopify", status: { not: "disconnected" }, externalAccountId: { notIn: [claims.shop, DEMO_SHOP_DOMAIN] } },
    select: { externalAccountId: true },
  });
  if (otherShop) throw new AppError("conflict", OTHER_SHOP(otherShop.externalAccountId));

  const installation = await client.embeddedShop.findUnique({ where: { shop: claims.shop }, select: { workspaceId: true } });
  const current = installation && installation.workspaceId !== row.workspaceId ? installation.workspaceId : null;
  const elsewhere = await client.connection.findFirst({
    where: { provider: "shopify", externalAccountId: claims.shop, status: { not: "disconnected" }, workspaceId: { notIn: [row.workspaceId, ...(current ? [current] : [])] } },
    select: { workspaceId: true },
  });
  if (elsewhere) throw new AppError("conflict", LINKED_ELSEWHERE);
  if (current) await checkDisposable(client, claims, current);
  return { disposable: current };
}

/**
 * The workspace the install made for the shop may be removed only by the staff member who owns it
 * and only if it is nothing but the shop's copy: no one but the shop's staff, no other connection,
 * no plan being paid for. Otherwise a link would destroy someone's work, so it is refused.
 */
async function checkDisposable(client: Tx | typeof db, claims: SessionClaims, workspaceId: string): Promise<void> {
  const account = await client.oAuthAccount.findUnique({
    where: { provider_providerAccountId: { provider: STAFF_PROVIDER, providerAccountId: staffAccountId(claims.shop, claims.userId) } },
    select: { userId: true },
  });
  const role = account ? (await client.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId: account.userId } }, select: { role: true } }))?.role : null;
  if (role !== "owner") throw new AppError("forbidden", NOT_INSTALLER);
  const [outsiders, otherConnections, billing] = await Promise.all([
    client.membership.count({ where: { workspaceId, user: { accounts: { none: { provider: STAFF_PROVIDER, providerAccountId: { startsWith: `${claims.shop}/` } } } } } }),
    client.connection.count({ where: { workspaceId, NOT: { provider: "shopify", externalAccountId: claims.shop } } }),
    client.workspaceBilling.findUnique({ where: { workspaceId }, select: { provider: true, status: true } }),
  ]);
  const paying = billing !== null && billing.provider !== "none" && (billing.status === "active" || billing.status === "past_due");
  if (outsiders > 0 || otherConnections > 0 || paying) throw new AppError("conflict", NOT_DISPOSABLE);
}

/**
 * Links the session token's shop to the code's workspace. Shopify is asked for the shop's offline
 * token first (nothing is written if it refuses); then, under the shop's install lock, the checks
 * run again, the code is spent, the shop's own workspace (if any) is removed and the shop becomes
 * the code's workspace's store, whose history then loads.
 */
export async function linkShopToWorkspace(claims: SessionClaims, code: unknown, options: InstallOptions & { now?: Date }): Promise<EmbeddedContext> {
  const now = options.now ?? new Date();
  const row = await findCode(db, code);
  await check(db, claims, row, now);
  // The workspace's plan must have room for the store (402 otherwise), as for any connection.
  await assertMayConnect(row.workspaceId, "shopify", claims.shop, now);
  const fresh = await freshShopCredentials(claims, options);
  const workspaceId = row.workspaceId;

  const backfill = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${installLockKey(claims.shop)}, 0))`;
      const { disposable } = await check(tx, claims, await findCode(tx, code), now);
      const spent = await tx.shopLinkCode.updateMany({ where: { workspaceId, id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now, usedByShop: claims.shop } });
      if (spent.count !== 1) throw AppError.field("code", USED_OR_EXPIRED);
      if (disposable) await removeWorkspaceRows(tx, disposable);

      const userId = await staffUser(tx, claims.shop, claims.userId);
      const key = { workspaceId_provider_externalAccountId: { workspaceId, provider: "shopify", externalAccountId: claims.shop } };
      const before = await tx.connection.findUnique({ where: key, select: { status: true } });
      const connection = await tx.connection.upsert({
        where: key,
        create: { workspaceId, provider: "shopify", externalAccountId: claims.shop, displayName: fresh.facts.name, timeZone: fresh.facts.timeZone, currency: fresh.facts.currency, ...reconnectedShopify(fresh.credentials) },
        update: reconnectedShopify(fresh.credentials),
        select: { id: true },
      });
      // A pixel made for the removed workspace carried its write key: the linked workspace makes its own.
      const installation = { workspaceId, connectionId: connection.id, uninstalledAt: null, webPixelId: null, webPixelWriteKeyId: null, webPixelAt: null };
      await tx.embeddedShop.upsert({ where: { shop: claims.shop }, create: { shop: claims.shop, ...installation }, update: { ...installation, installedAt: now } });
      await tx.membership.upsert({ where: { workspaceId_userId: { workspaceId, userId } }, create: { workspaceId, userId, role: "member" }, update: {} });
      return before === null || before.status !== "active" ? { workspaceId, connectionId: connection.id } : null;
    },
    { maxWait: 15_000, timeout: 60_000 },
  );
  if (backfill) await startInitialSync(backfill);
  return embeddedContext(claims);
}
