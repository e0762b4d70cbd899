import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { saveCheckedConnection } from "@/lib/connections/save-checked";
import { crmProvider } from "@/lib/connectors/registry";
import { keyedHash, openJson, sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import tooMany from "../fixtures/amocrm/error_429.json";
import unauthorized from "../fixtures/amocrm/error_401.json";
import page2 from "../fixtures/amocrm/leads_page2.json";
import { AMO_CODE, AMO_DOMAIN, amo, amoHandlers, resetAmo } from "./amocrm-support";
import { syncCrm } from "./support";

// An AmoCRM account synced end to end against its documented answers: leads page by page through
// _links.next with their contacts and status history, won leads as offline orders, refused leads
// per field, the rate limit waited out, access renewed (and the rotated refresh token stored) when
// it lapses or is refused, and a renewal refused mid-run leaving only whole pages and a connection
// that asks to be signed in again.

const server = setupServer(...amoHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => {
  resetAmo();
  vi.stubEnv("AMOCRM_CLIENT_ID", "amo-client-id");
  vi.stubEnv("AMOCRM_CLIENT_SECRET", "amo-client-secret");
});
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

async function connected() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { currency: "RUB", timeZone: "Europe/Moscow" });
  const provider = (await crmProvider("amocrm"))!;
  const checked = await provider.connectWithCode!({ code: AMO_CODE, referer: AMO_DOMAIN, redirectUri: "https://signalboard.test/api/connect/amocrm/callback" });
  const { id } = await saveCheckedConnection(workspace.id, "amocrm", checked);
  amo.calls.length = 0;
  return { workspaceId: workspace.id, connectionId: id };
}

const credentialsOf = async (scope: { workspaceId: string; connectionId: string }) =>
  openJson<Record<string, string>>((await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } })).credentials);

const dealsOf = (scope: { workspaceId: string; connectionId: string }) => db.crmDeal.findMany({ where: scope, orderBy: { externalId: "asc" } });

describe("connecting AmoCRM", () => {
  it("exchanges the code at the account's domain and keeps the account, its currency and zone, with the tokens sealed", async () => {
    const scope = await connected();
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection).toMatchObject({ provider: "amocrm", externalAccountId: "28805383", displayName: "AmoCRM Romashka", currency: "RUB", timeZone: "Europe/Moscow" });
    expect(connection.credentials).not.toContain("invented-access-1");
    expect(await credentialsOf(scope)).toMatchObject({ baseDomain: AMO_DOMAIN, refreshToken: "def50200invented-refresh-1", redirectUri: "https://signalboard.test/api/connect/amocrm/callback" });
  });
});

describe("an AmoCRM account synced", () => {
  it("stores leads of every page with their status history, offline orders, customers and per-row errors", async () => {
    const scope = await connected();
    const { outcome, run } = await syncCrm(scope);
    expect(outcome).toBe("succeeded");
    expect(run).toMatchObject({ rowsRead: 5, rowsWritten: 3 });
    expect(amo.calls.filter((c) => c.path === "/api/v4/leads").map((c) => [c.query.get("page"), c.query.get("limit"), c.query.get("with")])).toEqual([
      ["1", "50", "contacts"], ["2", "50", "contacts"],
    ]);

    const deals = await dealsOf(scope);
    expect(deals.map((d) => [d.externalId, d.status, d.channel, d.amountMinor, d.currency])).toEqual([
      ["19619", "won", "yandex", 12000000n, "RUB"], ["19620", "open", "crm", 4500000n, "RUB"], ["19623", "lost", "facebook", 6400000n, "RUB"],
    ]);
    const entries = await db.crmStageEntry.findMany({ where: { ...scope, dealId: "19619" }, orderBy: { enteredAt: "asc" } });
    expect(entries.map((e) => e.stageId)).toEqual(["32392159", "32392162", "32392159", "32392162", "142"]);
    expect(await db.crmOfflineOrder.findMany({ where: scope })).toEqual([
      expect.objectContaining({ dealId: "19619", channel: "yandex", amountMinor: 12000000n, customerId: 7143599n, wonAt: new Date("2026-03-11T14:30:00.000Z") }),
    ]);
    const customers = await db.customer.findMany({ where: scope, orderBy: { externalId: "asc" } });
    expect(customers.map((c) => [c.externalId, c.emailHash])).toEqual([
      [7143599n, keyedHash("i.sokolova@romashka.example")], [7143600n, keyedHash("p.orlov@orlov-trade.example")],
    ]);
    const errors = await db.crmRowError.findMany({ where: scope, orderBy: { dealId: "asc" } });
    expect(errors.map((e) => [e.dealId, e.field])).toEqual([["19621", "amount"], ["19622", "stage"]]);
  });

  it("waits out a 429 and carries on", async () => {
    const scope = await connected();
    let limited = 1;
    amo.leads["2"] = () => (limited-- > 0 ? HttpResponse.json(tooMany, { status: 429, headers: { "retry-after": "0" } }) : HttpResponse.json(page2));
    expect((await syncCrm(scope)).outcome).toBe("succeeded");
    expect(amo.calls.filter((c) => c.path === "/api/v4/leads")).toHaveLength(3);
    expect(await db.crmDeal.count({ where: scope })).toBe(3);
  });

  it("renews a lapsed access token before calling, and stores the rotated pair at once", async () => {
    const scope = await connected();
    const stored = await credentialsOf(scope);
    await db.connection.updateMany({ where: { workspaceId: scope.workspaceId, id: scope.connectionId }, data: { credentials: sealJson({ ...stored, expiresAt: "2020-01-01T00:00:00.000Z" }) } });
    expect((await syncCrm(scope)).outcome).toBe("succeeded");
    const renewals = amo.calls.filter((c) => c.path === "/oauth2/access_token");
    expect(renewals.map((c) => [c.body!.grant_type, c.body!.refresh_token, c.body!.redirect_uri])).toEqual([
      ["refresh_token", "def50200invented-refresh-1", "https://signalboard.test/api/connect/amocrm/callback"],
    ]);
    const after = await credentialsOf(scope);
    expect(after).toMatchObject({ refreshToken: "def50200invented-refresh-2", accessToken: expect.stringContaining("invented-access-2") });
    expect(Date.parse(after.expiresAt!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });

  it("renews once when a call is refused mid-run, and goes on with the new token", async () => {
    const scope = await connected();
    amo.leads["2"] = () => {
      // The first access token is revoked between the pages.
      amo.valid.delete("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.invented-access-1");
      amo.leads["2"] = () => HttpResponse.json(page2);
      return HttpResponse.json(unauthorized, { status: 401 });
    };
    expect((await syncCrm(scope)).outcome).toBe("succeeded");
    expect(await db.crmDeal.count({ where: scope })).toBe(3);
    expect((await credentialsOf(scope)).refreshToken).toBe("def50200invented-refresh-2");
  });

  it("asks to be signed in again when the renewal is refused mid-run, keeping only whole pages", async () => {
    const scope = await connected();
    amo.leads["2"] = () => {
      // The integration was removed from the account: tokens and refresh token all stop working.
      amo.valid.clear();
      amo.refresh = null;
      return HttpResponse.json(unauthorized, { status: 401 });
    };
    const { outcome, run } = await syncCrm(scope);
    expect(outcome).toBe("failed");
    expect(run).toMatchObject({ status: "failed", errorCode: "needs_reauth" });
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection.status).toBe("needs_reauth");
    expect((await dealsOf(scope)).map((d) => d.externalId)).toEqual(["19619", "19620"]);
    expect(run!.error ?? "").not.toContain("invented");
  });
});
