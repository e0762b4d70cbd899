import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { OAuthTokens } from "@/lib/connectors/contracts/ad-source";

export const TOKEN_URL = "https://oauth2.googleapis.com/token";
export const TEST_CLIENT = { clientId: "test-client.apps.googleusercontent.com", clientSecret: "test-client-secret" };

/** An msw server for this file; unknown requests fail the test. */
export function mockGoogle() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** Tokens valid for an hour unless said otherwise. */
export function liveTokens(overrides: Partial<OAuthTokens> = {}): OAuthTokens {
  return {
    accessToken: "ya29.a0-live-access-token",
    refreshToken: "1//0g-test-refresh-token",
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    refreshExpiresAt: null,
    scopes: ["https://www.googleapis.com/auth/adwords", "https://www.googleapis.com/auth/analytics.readonly"],
    ...overrides,
  };
}

/** Records waits instead of sleeping. */
export function recordedSleeps() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

export const readForm = async (request: Request) => Object.fromEntries(new URLSearchParams(await request.text()));
