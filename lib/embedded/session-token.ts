import "@shopify/shopify-api/adapters/web-api";
import { LogSeverity, shopifyApi, type ApiVersion, type Shopify } from "@shopify/shopify-api";
import { SHOPIFY_API_VERSION } from "@/lib/connectors/shopify/api-version";
import type { ShopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { parseShopDomain } from "@/lib/connectors/shopify/oauth/shop";
import { EmbeddedAuthError } from "./errors";

// The session token App Bridge puts on every request from the embedded app: a JWT signed (HS256)
// with the app's secret. The library checks the signature, exp and nbf (with its 10-second leeway)
// and the audience; the shop it speaks for is then read from `dest` and must be a myshopify.com
// domain whose issuer agrees. Nothing about the request is trusted before this has passed.

export type SessionClaims = {
  /** The shop's myshopify.com domain. */
  shop: string;
  /** The Shopify staff member's user id. */
  userId: string;
  /** The raw token, needed only by the token exchange; never logged. */
  token: string;
};

const instances = new Map<string, Shopify>();

function library(config: ShopifyAppConfig): Shopify {
  const key = `${config.apiKey}\u0000${config.apiSecret}`;
  let shopify = instances.get(key);
  if (!shopify) {
    shopify = shopifyApi({
      apiKey: config.apiKey,
      apiSecretKey: config.apiSecret,
      apiVersion: SHOPIFY_API_VERSION as ApiVersion,
      // Only token decoding is used, which needs neither the host nor the scopes.
      hostName: "localhost",
      isEmbeddedApp: true,
      logger: { level: LogSeverity.Error, log: () => {} },
    });
    instances.set(key, shopify);
  }
  return shopify;
}

/** The shop a `https://{shop}` URL names, when it is exactly that and a myshopify.com domain. */
function shopOf(url: unknown): string | null {
  if (typeof url !== "string" || !url.startsWith("https://")) return null;
  const host = url.slice("https://".length);
  const shop = parseShopDomain(host);
  return shop === host ? shop : null;
}

/** The claims of a valid session token for this app, or EmbeddedAuthError (the token is never in its message). */
export async function verifySessionToken(token: string, config: ShopifyAppConfig): Promise<SessionClaims> {
  let payload: Record<string, unknown>;
  try {
    payload = (await library(config).session.decodeSessionToken(token)) as unknown as Record<string, unknown>;
  } catch {
    throw new EmbeddedAuthError("The session token is invalid or has expired.");
  }
  const shop = shopOf(payload.dest);
  if (!shop) throw new EmbeddedAuthError("The session token does not name a myshopify.com shop.");
  // Shopify writes the issuer as https://{shop}/admin; the library's test tokens leave out the scheme.
  if (payload.iss !== `https://${shop}/admin` && payload.iss !== `${shop}/admin`) throw new EmbeddedAuthError("The session token's issuer is not its shop's admin.");
  const userId = typeof payload.sub === "string" && /^\d{1,20}$/.test(payload.sub) ? payload.sub : null;
  if (!userId) throw new EmbeddedAuthError("The session token names no staff member.");
  return { shop, userId, token };
}

/** The Bearer token of an Authorization header, or EmbeddedAuthError. */
export function bearerToken(request: Request): string {
  const match = /^Bearer\s+(\S{1,8192})\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) throw new EmbeddedAuthError("Send the session token as: Authorization: Bearer <token>.");
  return match[1]!;
}
