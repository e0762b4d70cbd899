import type { ConnectionHealth, DayWindow, OAuthTokens } from "@/lib/connectors/contracts/ad-source";
import { ConnectorError, isConnectorError } from "@/lib/connectors/common/errors";

// What the connection page shows for a Google connection. Access tokens lapse every hour and are
// refreshed silently, so the expiry worth showing is the refresh token's (Google sets one only for
// apps in testing, 7 days); without a refresh token, the access token's own.

export function tokenExpiry(tokens: OAuthTokens): string | null {
  return tokens.refreshToken ? (tokens.refreshExpiresAt ?? null) : tokens.expiresAt;
}

/** Runs a cheap call; a ConnectorError becomes a plain-words message instead of a failure. */
export async function checkHealth(tokens: OAuthTokens, check: () => Promise<unknown>): Promise<ConnectionHealth> {
  try {
    await check();
    return { ok: true, message: null, tokenExpiresAt: tokenExpiry(tokens) };
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    return { ok: false, message: error.message, tokenExpiresAt: tokenExpiry(tokens) };
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Days go into query text (GAQL) and request bodies, so only well-formed windows get that far. */
export function checkWindow(provider: string, window: DayWindow): void {
  if (!DAY.test(window.fromDay) || !DAY.test(window.toDay) || window.fromDay > window.toDay) {
    throw new ConnectorError("bad_request", provider, `The day window ${window.fromDay}..${window.toDay} is not a valid YYYY-MM-DD range.`);
  }
}
