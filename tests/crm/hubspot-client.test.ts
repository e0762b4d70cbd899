import { describe, expect, it } from "vitest";
import { createHubSpotClient } from "@/lib/connectors/hubspot/client";
import { createHubSpotProvider } from "@/lib/connectors/hubspot/provider";
import { AppError } from "@/lib/errors";
import accountDetails from "../fixtures/hubspot/account_details.json";
import pipelines from "../fixtures/hubspot/pipelines.json";
import unauthorized from "../fixtures/hubspot/error_401.json";
import rateLimited from "../fixtures/hubspot/error_429.json";
import { failure, scripted } from "./support";

// The HubSpot transport against a scripted fetch: the Bearer token, rate limits waited out as
// HubSpot says, and refusals as typed errors that never carry the token.

const TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () => Response.json(body, { status, headers });

describe("the HubSpot client", () => {
  it("sends the token as a Bearer header and the query as given", async () => {
    const s = scripted([json({ results: [] })]);
    const client = createHubSpotClient({ token: TOKEN, baseUrl: "https://api.hubapi.test", fetch: s.fetch, sleep: s.sleep });
    await client.get("/crm/v3/objects/deals", { limit: "50", after: undefined, properties: "dealname,amount" });
    expect(s.calls[0]!.url).toBe("https://api.hubapi.test/crm/v3/objects/deals?limit=50&properties=dealname%2Camount");
    expect((s.calls[0]!.init.headers as Record<string, string>).authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("waits out a secondly 429 for the interval its headers name, then a 502 with backoff", async () => {
    const limited = json(rateLimited, 429, {
      "X-HubSpot-RateLimit-Interval-Milliseconds": "10000", "X-HubSpot-RateLimit-Max": "100", "X-HubSpot-RateLimit-Remaining": "0",
    });
    const s = scripted([limited, () => new Response("bad gateway", { status: 502 }), json({ ok: true })]);
    const client = createHubSpotClient({ token: TOKEN, baseUrl: "https://api.hubapi.test", fetch: s.fetch, sleep: s.sleep });
    await expect(client.get("/crm/v3/pipelines/deals")).resolves.toEqual({ ok: true });
    expect(s.sleeps[0]).toBe(10_000);
    expect(s.calls).toHaveLength(3);
  });

  it("prefers Retry-After when HubSpot sends one, and names the limit when it gives up", async () => {
    const s = scripted([json(rateLimited, 429, { "Retry-After": "2" })]);
    const client = createHubSpotClient({ token: TOKEN, baseUrl: "https://api.hubapi.test", fetch: s.fetch, sleep: s.sleep, attempts: 2 });
    const error = await failure(client.get("/crm/v3/pipelines/deals"));
    expect(error.kind).toBe("rate_limited");
    expect(error.message).toContain("secondly limit");
    expect(s.sleeps).toEqual([2_000]);
  });

  it("says the token was refused on 401, without the token", async () => {
    const s = scripted([json(unauthorized, 401)]);
    const client = createHubSpotClient({ token: TOKEN, baseUrl: "https://api.hubapi.test", fetch: s.fetch, sleep: s.sleep });
    const error = await failure(client.get("/crm/v3/objects/deals"));
    expect(error.kind).toBe("auth");
    expect(error.providerCode).toBe("INVALID_AUTHENTICATION");
    expect(error.message).not.toContain(TOKEN);
  });

  it("says which scopes are missing on 403", async () => {
    const s = scripted([json({ status: "error", message: "This app hasn't been granted all required scopes", category: "MISSING_SCOPES" }, 403)]);
    const client = createHubSpotClient({ token: TOKEN, baseUrl: "https://api.hubapi.test", fetch: s.fetch, sleep: s.sleep });
    const error = await failure(client.get("/crm/v3/objects/deals"));
    expect(error.kind).toBe("permission");
    expect(error.message).toContain("crm.objects.deals.read");
  });
});

describe("connecting HubSpot with a private app token", () => {
  it("checks the token against the account and the deal pipelines, and keeps the portal's zone and currency", async () => {
    const s = scripted([json(accountDetails), json(pipelines)]);
    const provider = createHubSpotProvider({ fetch: s.fetch, sleep: s.sleep, baseUrl: "https://api.hubapi.test" });
    const checked = await provider.connectWithSecret({ token: ` ${TOKEN} ` });
    expect(checked).toMatchObject({ externalAccountId: "24681357", timeZone: "America/New_York", currency: "USD", credentials: { token: TOKEN } });
    expect(s.calls.map((c) => new URL(c.url).pathname)).toEqual(["/account-info/v3/details", "/crm/v3/pipelines/deals"]);
  });

  it("answers a refused or missing token as a message on the token field", async () => {
    const s = scripted([json(unauthorized, 401)]);
    const provider = createHubSpotProvider({ fetch: s.fetch, sleep: s.sleep, baseUrl: "https://api.hubapi.test" });
    const refused = await provider.connectWithSecret({ token: TOKEN }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).fields?.token).toMatch(/refused the access token/);
    const missing = await provider.connectWithSecret({ token: "  " }).catch((e: unknown) => e);
    expect((missing as AppError).fields?.token).toMatch(/Paste the private app's access token/);
    expect(s.calls).toHaveLength(1);
  });
});
