import { assertWorkspaceEditable } from "@/lib/billing/limits";
import { ShopifyAuthError } from "@/lib/connectors/shopify/errors";
import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/email/mailer";
import { AppError, forbidden } from "@/lib/errors";
import { can } from "@/lib/tenancy/roles";
import { OPAQUE_ORIGIN } from "@/lib/tracking/origins";
import { createWriteKey, type WriteKeyRow } from "@/lib/tracking/write-keys";
import { EmbeddedAuthError } from "./errors";
import type { EmbeddedContext } from "./guard";
import { appPixelId, createPixel, hasCode, pixelRefused, storefrontOrigins, updatePixel, type PixelSettings, type PixelWrite } from "./pixel-graphql";
import { shopAdminClient } from "./shop-admin";

// Turning on the web pixel from the embedded app: one click gives the shop a write key of its
// own (sandboxed pixels send `Origin: null`, so the key lists it with the storefront's origins)
// and creates, or updates, the app's web pixel with that key and the track endpoint. Clicks that
// race are serialised per shop, so they create one key and one pixel.

export const TRACK_PATH = "/api/v1/track";

export type PixelStatus = {
  /** The pixel was created and the key its settings carry still works. */
  active: boolean;
  state: "active" | "not_activated" | "key_revoked";
  activatedAt: string | null;
  writeKey: { id: string; name: string; lastEventAt: string | null } | null;
  endpoint: string;
  message: string;
};

const pixelKeyName = (shop: string) => `Shopify web pixel (${shop})`.slice(0, 64);

async function installationOf(context: EmbeddedContext) {
  const row = await db.embeddedShop.findFirst({ where: { shop: context.shop, workspaceId: context.workspace.id, uninstalledAt: null } });
  if (!row) throw new EmbeddedAuthError("Signalboard is not installed on this shop.");
  return row;
}

export async function webPixelStatus(context: EmbeddedContext): Promise<PixelStatus> {
  const row = await installationOf(context);
  const endpoint = appUrl(TRACK_PATH);
  const key = row.webPixelWriteKeyId
    ? await db.writeKey.findFirst({ where: { workspaceId: context.workspace.id, id: row.webPixelWriteKeyId }, select: { id: true, name: true, lastEventAt: true, revokedAt: true } })
    : null;
  if (!row.webPixelId || !key) {
    return { active: false, state: "not_activated", activatedAt: null, writeKey: null, endpoint, message: "The web pixel is not on yet: turn it on to record storefront and checkout events." };
  }
  const writeKey = { id: key.id, name: key.name, lastEventAt: key.lastEventAt?.toISOString() ?? null };
  const activatedAt = row.webPixelAt?.toISOString() ?? null;
  if (key.revokedAt) {
    return { active: false, state: "key_revoked", activatedAt, writeKey, endpoint, message: "The pixel's write key was revoked, so its events are refused: turn the pixel on again to give it a new key." };
  }
  const message = key.lastEventAt ? "The web pixel is on and events are arriving." : "The web pixel is on; its first events arrive when shoppers who allow analytics visit the store.";
  return { active: true, state: "active", activatedAt, writeKey, endpoint, message };
}

/** The shop's pixel key: the one the pixel carries if it still works, else one named for the shop, else a new one. */
async function pixelWriteKey(context: EmbeddedContext, storedId: string | null, origins: () => Promise<string[]>): Promise<Pick<WriteKeyRow, "id" | "key">> {
  const workspaceId = context.workspace.id;
  const usable = { workspaceId, revokedAt: null };
  const found =
    (storedId ? await db.writeKey.findFirst({ where: { ...usable, id: storedId }, select: { id: true, value: true } }) : null) ??
    (await db.writeKey.findFirst({ where: { ...usable, name: pixelKeyName(context.shop) }, orderBy: { createdAt: "desc" }, select: { id: true, value: true } }));
  if (found) return { id: found.id, key: found.value };
  const created = await createWriteKey(workspaceId, { userId: context.userId }, { name: pixelKeyName(context.shop), allowed_origins: [OPAQUE_ORIGIN, ...(await origins())] });
  return { id: created.id, key: created.key };
}

/** Creates the app's pixel, or updates the one already there (ours on record, or one Shopify says exists). */
async function writePixel(client: Parameters<typeof createPixel>[0], storedId: string | null, settings: PixelSettings): Promise<string> {
  const done = (write: PixelWrite): string => {
    if ("errors" in write) throw pixelRefused(write.errors);
    return write.id;
  };
  if (storedId) {
    const updated = await updatePixel(client, storedId, settings);
    // Gone on Shopify's side (removed with an uninstall, say): create it again.
    if (!hasCode(updated, "NOT_FOUND")) return done(updated);
  }
  const created = await createPixel(client, settings);
  if (!hasCode(created, "TAKEN")) return done(created);
  const existing = await appPixelId(client);
  if (!existing) return done(created);
  return done(await updatePixel(client, existing, settings));
}

export async function activateWebPixel(context: EmbeddedContext): Promise<PixelStatus> {
  if (!can(context.role, "connections.manage")) throw forbidden("Only the workspace's admins and owners can turn on the web pixel.");
  await assertWorkspaceEditable(context.workspace.id);
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`embedded-pixel:${context.shop}`}, 0))`;
      const row = await installationOf(context);
      const client = await shopAdminClient(row);
      try {
        const key = await pixelWriteKey(context, row.webPixelWriteKeyId, () => storefrontOrigins(client));
        const id = await writePixel(client, row.webPixelId, { writeKey: key.key, endpoint: appUrl(TRACK_PATH) });
        await db.embeddedShop.updateMany({
          where: { shop: row.shop, workspaceId: context.workspace.id },
          data: { webPixelId: id, webPixelWriteKeyId: key.id, webPixelAt: new Date() },
        });
      } catch (error) {
        // Shopify answered, but not for this app's access: the scopes the pixel needs are missing.
        if (error instanceof ShopifyAuthError && error.status === 200) {
          throw new AppError("conflict", "Shopify refused the app access to web pixels: approve the app's updated permissions (write_pixels, read_customer_events) in your Shopify admin, then try again.");
        }
        throw error;
      }
    },
    { maxWait: 30_000, timeout: 90_000 },
  );
  return webPixelStatus(context);
}
