import { describe, expect, it } from "vitest";
import { createBitrix24Client } from "@/lib/connectors/bitrix24/client";
import expired from "../fixtures/bitrix24/error_expired_token.json";
import noAuth from "../fixtures/bitrix24/error_no_auth_found.json";
import queryLimit from "../fixtures/bitrix24/error_query_limit_exceeded.json";
import { failure, scripted } from "./support";

// The Bitrix24 transport against a scripted fetch: methods posted as JSON under the webhook, the
// portal's rate limit waited out with growing waits, and refusals as typed errors that never
// carry the webhook's code.

const BASE = "https://acme.bitrix24.de/rest/1/k7d2m9x4q1w8e5r3/";

const json = (body: unknown, status = 200) => () => Response.json(body, { status });

describe("the Bitrix24 client", () => {
  it("posts the method's parameters as JSON under the webhook", async () => {
    const s = scripted([json({ result: [], total: 0 })]);
    await createBitrix24Client({ base: BASE, fetch: s.fetch, sleep: s.sleep }).call("crm.deal.list", { start: 50 });
    expect(s.calls[0]!.url).toBe(`${BASE}crm.deal.list.json`);
    expect(s.calls[0]!.init.method).toBe("POST");
    expect(JSON.parse(String(s.calls[0]!.init.body))).toEqual({ start: 50 });
  });

  it("backs off on QUERY_LIMIT_EXCEEDED (1 s, then 2 s) and names the limit when it gives up", async () => {
    const s = scripted([json(queryLimit, 503), json(queryLimit, 503), json({ result: "EUR" })]);
    const client = createBitrix24Client({ base: BASE, fetch: s.fetch, sleep: s.sleep });
    await expect(client.call("crm.currency.base.get")).resolves.toEqual({ result: "EUR" });
    expect(s.sleeps).toEqual([1_000, 2_000]);

    const always = scripted([json(queryLimit, 503)]);
    const error = await failure(createBitrix24Client({ base: BASE, fetch: always.fetch, sleep: always.sleep, attempts: 3 }).call("crm.deal.list"));
    expect(error).toMatchObject({ kind: "rate_limited", providerCode: "QUERY_LIMIT_EXCEEDED" });
    expect(always.calls).toHaveLength(3);
  });

  it("reads expired_token and NO_AUTH_FOUND as lost authorisation, without the webhook's code", async () => {
    for (const body of [expired, noAuth]) {
      const s = scripted([json(body, 401)]);
      const error = await failure(createBitrix24Client({ base: BASE, fetch: s.fetch, sleep: s.sleep }).call("crm.deal.list"));
      expect(error.kind).toBe("auth");
      expect(error.providerCode).toBe(body.error);
      expect(error.message).not.toContain("k7d2m9x4q1w8e5r3");
      expect(s.calls).toHaveLength(1);
    }
  });

  it("reads an error object in a 200 answer as a failure too", async () => {
    const s = scripted([json({ error: "expired_token", error_description: "The access token provided has expired." })]);
    expect((await failure(createBitrix24Client({ base: BASE, fetch: s.fetch, sleep: s.sleep }).call("crm.deal.list"))).kind).toBe("auth");
  });
});
