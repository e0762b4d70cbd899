import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/changes";
import { auditConnected } from "./audit";
import { z } from "zod";
import { DEFAULT_DEMO_END_DATE } from "@/lib/connectors/shopify/demo/server";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { sealJson } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { nextLocalHour } from "@/lib/time/zone";
import { parseInput } from "@/lib/validation";
import type { SyncScope } from "@/lib/sync/scope";
import { deleteConnectionOwnedRows } from "@/lib/owned/sync/remove";

export const SYNC_INTERVAL_MS = 10 * 60 * 1000;

/** Per-connection knobs, with defaults for rows written before a knob existed. */
export const ZConnectionSettings = z.object({
  restatementDays: z.number().int().min(1).max(28).default(3),
  restatementHour: z.number().int().min(0).max(23).default(4),
});
export type ConnectionSettings = z.infer<typeof ZConnectionSettings>;

export function settingsOf(connection: { settings: Prisma.JsonValue }): ConnectionSettings {
  return ZConnectionSettings.parse(connection.settings ?? {});
}

const ZSettingsInput = z.object({
  restatementDays: z.coerce.number({ error: "Enter a number of days." }).int("Use whole days.").min(1, "Use 1 to 28 days.").max(28, "Use 1 to 28 days."),
  restatementHour: z.coerce.number({ error: "Choose an hour." }).int("Choose an hour.").min(0, "Choose an hour from 0 to 23.").max(23, "Choose an hour from 0 to 23."),
});

/** Changes when and how far back the daily restatement re-pulls; the next one moves at once. */
export async function updateConnectionSettings(scope: SyncScope, input: unknown): Promise<ConnectionSettings> {
  const connection = await getConnection(scope);
  // Provider knobs (a Google Ads login-customer-id, Meta's attribution window, demo) live beside the schedule's.
  const stored = connection.settings && typeof connection.settings === "object" && !Array.isArray(connection.settings) ? connection.settings : {};
  const before = settingsOf(connection);
  const settings = { ...stored, ...before, ...parseInput(ZSettingsInput, input) };
  await db.$transaction(async (tx) => {
    await tx.connection.update({
      where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } },
      data: { settings, nextRestatementAt: nextLocalHour(new Date(), connection.timeZone ?? "UTC", settings.restatementHour) },
    });
    await recordAudit(tx, {
      workspaceId: scope.workspaceId,
      action: "connection.settings_changed",
      target: { type: "connection", id: scope.connectionId },
      changes: diffFields(before, { ...before, restatementDays: settings.restatementDays, restatementHour: settings.restatementHour }),
    });
  });
  return settings;
}

export type ShopifyCredentials =
  | { mode: "demo"; seed: number; orders: number; createdAt: string; historyEnd?: string }
  | { mode: "oauth"; accessToken: string; expiresAt?: string; refreshToken?: string; refreshTokenExpiresAt?: string; scope?: string };

/**
 * Where a demo store's generated history ends. It is the same fixed date for every demo store, so
 * the same seed and size give the same numbers on every install, whenever it was connected (the
 * timeline goes on after it, live). Stores connected before this was recorded end at their
 * connection time, as they always did.
 */
export function demoHistoryEnd(credentials: { createdAt: string; historyEnd?: string }): Date {
  return new Date(credentials.historyEnd ?? credentials.createdAt);
}

/** Demo connections are served by generated data instead of the platform (settings.demo). */
export function isDemoConnection(connection: { settings: Prisma.JsonValue }): boolean {
  const settings = connection.settings;
  return typeof settings === "object" && settings !== null && !Array.isArray(settings) && settings.demo === true;
}

export const DEMO_SHOP_DOMAIN = "signalboard-demo.myshopify.com";
export const DEFAULT_DEMO_ORDERS = 50_000;
export const DEFAULT_DEMO_SEED = 42;

export async function getConnection(scope: SyncScope) {
  const connection = await db.connection.findFirst({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
  if (!connection) throw new AppError("not_found", "Connection not found.");
  return connection;
}

export const ZDemoConnectionSchema = z.object({
  orders: z.coerce
    .number()
    .int()
    .min(100, "Use at least 100 orders.")
    .max(2_000_000, "Use at most 2,000,000 orders.")
    .default(() => Number(process.env.DEMO_STORE_ORDERS) || DEFAULT_DEMO_ORDERS),
  seed: z.coerce
    .number()
    .int()
    .min(1, "Use a whole number from 1 to 2147483647.")
    .max(2 ** 31 - 1, "Use a whole number from 1 to 2147483647.")
    .default(() => Number(process.env.DEMO_STORE_SEED) || DEFAULT_DEMO_SEED),
});

/** Connects the workspace to the built-in demo store, which speaks Shopify's API from generated data. */
export async function connectDemoStore(workspaceId: string, input: unknown = {}) {
  const { orders, seed } = parseInput(ZDemoConnectionSchema, input);
  const credentials: ShopifyCredentials = { mode: "demo", seed, orders, createdAt: new Date().toISOString(), historyEnd: DEFAULT_DEMO_END_DATE };
  const existing = await db.connection.findUnique({
    where: { workspaceId_provider_externalAccountId: { workspaceId, provider: "shopify", externalAccountId: DEMO_SHOP_DOMAIN } },
    select: { id: true, status: true },
  });
  if (existing && existing.status !== "disconnected") {
    throw new AppError("conflict", "The demo store is already connected to this workspace.");
  }
  const data = {
    displayName: "Signalboard Demo Store",
    status: "active" as const,
    credentials: sealJson(credentials),
    scopes: ["read_orders", "read_all_orders", "read_products", "read_customers", "read_inventory"],
    disconnectedAt: null,
    lastError: null,
    nextSyncAt: null,
  };
  return db.$transaction(async (tx) => {
    const saved = existing
      ? await tx.connection.update({ where: { workspaceId_id: { workspaceId, id: existing.id } }, data, select: { id: true } })
      : await tx.connection.create({ data: { workspaceId, provider: "shopify", externalAccountId: DEMO_SHOP_DOMAIN, ...data }, select: { id: true } });
    await auditConnected(tx, workspaceId, saved.id, "shopify", DEMO_SHOP_DOMAIN);
    return saved;
  });
}

export type ConnectionRow = Awaited<ReturnType<typeof listConnections>>[number];

export async function listConnections(workspaceId: string) {
  const connections = await db.connection.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true, provider: true, externalAccountId: true, displayName: true, status: true, timeZone: true, currency: true,
      lastSyncAt: true, lastSuccessAt: true, nextSyncAt: true, lastError: true, lastErrorAt: true, createdAt: true,
      planPausedAt: true, planPausedUnder: true,
    },
  });
  if (connections.length === 0) return [];
  // Rows synced and the run in progress, in two grouped queries rather than one per connection.
  const [orderCounts, activeRuns] = await Promise.all([
    db.order.groupBy({ by: ["connectionId"], where: { workspaceId }, _count: { _all: true } }),
    db.syncRun.findMany({
      where: { workspaceId, status: { in: ["queued", "running"] } },
      orderBy: { queuedAt: "desc" },
      select: { id: true, connectionId: true, kind: true, status: true, rowsRead: true, rowsWritten: true, rowsExpected: true, rowsExpectedEstimated: true, startedAt: true, queuedAt: true },
    }),
  ]);
  const counts = new Map(orderCounts.map((c) => [c.connectionId, c._count._all]));
  return connections.map((c) => ({
    ...c,
    orders: counts.get(c.id) ?? 0,
    activeRun: activeRuns.find((r) => r.connectionId === c.id) ?? null,
  }));
}

/** Stops syncing a connection; its synced data stays unless `deleteData`. */
export async function disconnect(scope: SyncScope, options: { deleteData: boolean }): Promise<void> {
  await getConnection(scope);
  const where = { workspaceId: scope.workspaceId, connectionId: scope.connectionId };
  await db.$transaction(async (tx) => {
    await recordAudit(tx, {
      workspaceId: scope.workspaceId,
      action: "connection.disconnected",
      target: { type: "connection", id: scope.connectionId },
      changes: { dataDeleted: { before: null, after: options.deleteData } },
    });
    await tx.connection.update({
      where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } },
      data: { status: "disconnected", disconnectedAt: new Date(), nextSyncAt: null, nextRestatementAt: null, credentials: sealJson({ mode: "revoked" }) },
    });
    await tx.syncRun.updateMany({ where: { ...where, status: { in: ["queued", "running"] } }, data: { status: "cancelled", finishedAt: new Date() } });
    if (options.deleteData) {
      await tx.refundLineItem.deleteMany({ where });
      await tx.refund.deleteMany({ where });
      await tx.orderLineItem.deleteMany({ where });
      await tx.order.deleteMany({ where });
      await tx.customer.deleteMany({ where });
      await tx.productVariant.deleteMany({ where });
      await tx.product.deleteMany({ where });
      await tx.syncCursor.deleteMany({ where });
      // A messaging platform's (Klaviyo's) campaigns, sends and what recipients did with them.
      await deleteConnectionOwnedRows(tx, scope);
      // A CRM's deals, their stages and the offline orders won ones became.
      const deals = await tx.crmDeal.deleteMany({ where });
      await tx.crmOfflineOrder.deleteMany({ where });
      await tx.crmStageEntry.deleteMany({ where });
      await tx.crmStage.deleteMany({ where });
      await tx.crmRowError.deleteMany({ where });
      // Reports read deals directly and are cached by the revision: deleted deals must leave them.
      if (deals.count > 0) await tx.rollupRevision.updateMany({ where: { workspaceId: scope.workspaceId }, data: { revision: { increment: 1 } } });
    }
  });
}
