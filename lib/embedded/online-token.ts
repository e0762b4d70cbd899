import { openJson, sealJson } from "@/lib/crypto/secrets";
import type { FetchLike } from "@/lib/connectors/shopify/client";
import { ShopifyAuthError } from "@/lib/connectors/shopify/errors";
import type { ShopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { exchangeSessionTokenOnline, REFRESH_MARGIN_MS } from "@/lib/connectors/shopify/oauth/tokens";
import { db } from "@/lib/db/client";
import { EmbeddedAuthError } from "./errors";
import type { EmbeddedContext } from "./guard";

// Online access tokens: for the Admin API calls that are a person's act, not the app's, the
// staff member's own token is used, so Shopify applies that person's permissions and records them
// as the one who asked (lib/embedded/README.md lists the calls). It is exchanged from their
// session token on first use, stored sealed with its expiry and the staff member it belongs to,
// and exchanged again once it is within five minutes of lapsing (online tokens have no refresh
// token). Exchanges that race for one staff member store one answer: the last, equally valid.

type Sealed = { accessToken: string; scope: string; userScope: string };
export type OnlineTokenOptions = { fetch?: FetchLike; config?: ShopifyAppConfig; now?: () => number };

/** The staff member's online access token for their shop, exchanged when none is stored or it lapses. */
export async function onlineAccessToken(context: EmbeddedContext, options: OnlineTokenOptions = {}): Promise<string> {
  const now = (options.now ?? Date.now)();
  const key = { shop_staffId: { shop: context.shop, staffId: context.staffId } };
  const stored = await db.embeddedOnlineToken.findUnique({ where: key });
  // A row of another Signalboard user (the shop's staff id reused after a relink) is never used.
  if (stored && stored.userId === context.userId && stored.expiresAt.getTime() - now > REFRESH_MARGIN_MS) return openJson<Sealed>(stored.credentials).accessToken;

  let token;
  try {
    token = await exchangeSessionTokenOnline(context.shop, context.sessionToken, { fetch: options.fetch as typeof fetch | undefined, config: options.config, now: options.now });
  } catch (error) {
    if (error instanceof ShopifyAuthError) throw new EmbeddedAuthError("Shopify did not accept this session for your account.");
    throw error;
  }
  // The token must be this person's: Shopify answers for the session token's staff member.
  if (token.user.id !== context.staffId) throw new EmbeddedAuthError("Shopify answered for another staff member.");
  const row = {
    userId: context.userId,
    credentials: sealJson({ accessToken: token.accessToken, scope: token.scope, userScope: token.userScope } satisfies Sealed),
    expiresAt: new Date(token.expiresAt),
    accountOwner: token.user.accountOwner,
  };
  await db.embeddedOnlineToken.upsert({ where: key, create: { shop: context.shop, staffId: context.staffId, ...row }, update: row });
  return token.accessToken;
}

/** An uninstall voids every online token of the shop. */
export async function forgetOnlineTokens(shop: string): Promise<number> {
  return (await db.embeddedOnlineToken.deleteMany({ where: { shop } })).count;
}
