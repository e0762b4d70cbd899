import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createGoogleOAuth, REFRESH_MARGIN_MS } from "@/lib/connectors/google/oauth";
import invalidGrant from "../fixtures/google-ads/oauth_invalid_grant.json";
import refreshed from "../fixtures/google-ads/oauth_refresh.json";
import issued from "../fixtures/google-ads/oauth_token.json";
import { expectConnectorError } from "./expect-connector-error";
import { liveTokens, mockGoogle, readForm, TEST_CLIENT, TOKEN_URL } from "./support";

const server = mockGoogle();
const oauth = createGoogleOAuth("google_ads", "Google Ads", { config: TEST_CLIENT });

function tokenEndpoint(...answers: (() => Response)[]) {
  const forms: Record<string, string>[] = [];
  server.use(
    http.post(TOKEN_URL, async ({ request }) => {
      forms.push(await readForm(request));
      return answers[Math.min(forms.length - 1, answers.length - 1)]!();
    }),
  );
  return forms;
}

describe("Google OAuth", () => {
  it("asks for offline access, a fresh consent and both scopes, incrementally", () => {
    const url = new URL(oauth.authorizeUrl({ state: "nonce-123", redirectUri: "https://app.example/api/connect/google/callback" }));
    expect(url.origin + url.pathname).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    const q = url.searchParams;
    expect(q.get("access_type")).toBe("offline");
    expect(q.get("prompt")).toBe("consent");
    expect(q.get("include_granted_scopes")).toBe("true");
    expect(q.get("scope")).toBe("https://www.googleapis.com/auth/adwords https://www.googleapis.com/auth/analytics.readonly");
    expect(q.get("state")).toBe("nonce-123");
    expect(q.get("client_id")).toBe(TEST_CLIENT.clientId);
    expect(q.get("redirect_uri")).toBe("https://app.example/api/connect/google/callback");
    expect(q.get("response_type")).toBe("code");
  });

  it("exchanges a code for tokens with an absolute expiry", async () => {
    const forms = tokenEndpoint(() => HttpResponse.json(issued));
    const before = Date.now();
    const tokens = await oauth.exchangeCode({ code: "4/0Ab-code", redirectUri: "https://app.example/cb" });
    expect(forms[0]).toMatchObject({ grant_type: "authorization_code", code: "4/0Ab-code", redirect_uri: "https://app.example/cb", client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret });
    expect(tokens).toMatchObject({ accessToken: issued.access_token, refreshToken: issued.refresh_token, scopes: issued.scope.split(" ") });
    const expiresIn = Date.parse(tokens.expiresAt!) - before;
    expect(expiresIn).toBeGreaterThan(3_590_000);
    expect(expiresIn).toBeLessThanOrEqual(3_600_000);
  });

  it("refreshes with the refresh-token grant and keeps the refresh token Google does not resend", async () => {
    const forms = tokenEndpoint(() => HttpResponse.json(refreshed));
    const tokens = await oauth.refreshTokens(liveTokens({ accessToken: "old" }));
    expect(forms).toEqual([{ grant_type: "refresh_token", refresh_token: "1//0g-test-refresh-token", client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret }]);
    expect(tokens.accessToken).toBe(refreshed.access_token);
    expect(tokens.refreshToken).toBe("1//0g-test-refresh-token");
  });

  it("records when a refresh token itself lapses, if Google says", async () => {
    tokenEndpoint(() => HttpResponse.json({ ...refreshed, refresh_token_expires_in: 604_799 }));
    const tokens = await oauth.refreshTokens(liveTokens());
    expect(Date.parse(tokens.refreshExpiresAt!) - Date.now()).toBeGreaterThan(604_000_000);
  });

  it("turns invalid_grant (revoked or expired) into an auth error with plain words and no token in it", async () => {
    tokenEndpoint(() => HttpResponse.json(invalidGrant, { status: 400 }));
    const error = await expectConnectorError(() => oauth.refreshTokens(liveTokens()), "auth");
    expect(error.providerCode).toBe("invalid_grant");
    expect(error.message).toMatch(/Reconnect Google Ads/);
    expect(error.message).not.toContain("1//0g-test-refresh-token");
  });

  it("a connection without a refresh token needs a reconnect", async () => {
    await expectConnectorError(() => oauth.refreshTokens(liveTokens({ refreshToken: null })), "auth");
  });

  it("retries a server error of the token endpoint, then succeeds", async () => {
    const forms = tokenEndpoint(() => HttpResponse.json({ error: "internal_failure" }, { status: 503 }), () => HttpResponse.json(refreshed));
    const tokens = await oauth.refreshTokens(liveTokens());
    expect(forms).toHaveLength(2);
    expect(tokens.accessToken).toBe(refreshed.access_token);
  });

  it("refreshes only when the access token is about to lapse", async () => {
    const untouched = liveTokens();
    expect(await oauth.freshTokens(untouched)).toBe(untouched);
    const forms = tokenEndpoint(() => HttpResponse.json(refreshed));
    const dying = liveTokens({ expiresAt: new Date(Date.now() + REFRESH_MARGIN_MS - 1000).toISOString() });
    expect((await oauth.freshTokens(dying)).accessToken).toBe(refreshed.access_token);
    expect(forms).toHaveLength(1);
  });

  it("says so when the server has no Google client configured", async () => {
    const unconfigured = createGoogleOAuth("google_analytics", "Google Analytics 4", { config: null });
    await expectConnectorError(() => unconfigured.exchangeCode({ code: "c", redirectUri: "https://app.example/cb" }), "bad_request");
  });
});
