import { AppError } from "@/lib/errors";
import { ConnectorError } from "../common/errors";

// The AmoCRM integration's credentials and where its accounts live. An account's API is on its
// own domain ({subdomain}.amocrm.ru, .amocrm.com or .kommo.com), told by the OAuth callback's
// `referer`; only those domains are ever called, so a forged referer cannot aim the server
// elsewhere.

export const PROVIDER = "amocrm";

export type AmoAppConfig = { clientId: string; clientSecret: string; authorizeUrl: string };

export function amoAppConfig(): AmoAppConfig | null {
  const clientId = process.env.AMOCRM_CLIENT_ID?.trim();
  const clientSecret = process.env.AMOCRM_CLIENT_SECRET?.trim();
  // Kommo's accounts sign in at https://www.kommo.com/oauth.
  const authorizeUrl = process.env.AMOCRM_AUTH_URL?.trim() || "https://www.amocrm.ru/oauth";
  return clientId && clientSecret ? { clientId, clientSecret, authorizeUrl } : null;
}

export function requireAmoConfig(config: AmoAppConfig | null = amoAppConfig()): AmoAppConfig {
  if (!config) throw new ConnectorError("bad_request", PROVIDER, "AmoCRM is not configured on this server: set AMOCRM_CLIENT_ID and AMOCRM_CLIENT_SECRET.");
  return config;
}

const ACCOUNT_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}\.(?:amocrm\.ru|amocrm\.com|kommo\.com)$/;

/** The account's domain from the callback's `referer` ("acme.amocrm.ru"), or a field error. */
export function accountDomain(referer: unknown): string {
  const host = typeof referer === "string" ? referer.trim().toLowerCase().replace(/^https:\/\//, "").replace(/\/+$/, "") : "";
  if (!ACCOUNT_DOMAIN.test(host)) throw AppError.field("referer", "AmoCRM did not name an account domain Signalboard can call ({subdomain}.amocrm.ru, .amocrm.com or .kommo.com).");
  return host;
}
