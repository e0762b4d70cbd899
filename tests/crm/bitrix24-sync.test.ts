import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectCrm } from "@/lib/crm/connect";
import { convertMinor } from "@/lib/crm/money";
import { keyedHash } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { rateFor } from "@/lib/fx/rule";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import categories from "../fixtures/bitrix24/category_list.json";
import contacts from "../fixtures/bitrix24/contact_list.json";
import currency from "../fixtures/bitrix24/currency_base_get.json";
import page1 from "../fixtures/bitrix24/deal_list_page1.json";
import page2 from "../fixtures/bitrix24/deal_list_page2.json";
import expired from "../fixtures/bitrix24/error_expired_token.json";
import insufficientScope from "../fixtures/bitrix24/error_insufficient_scope.json";
import noAuth from "../fixtures/bitrix24/error_no_auth_found.json";
import queryLimit from "../fixtures/bitrix24/error_query_limit_exceeded.json";
import history from "../fixtures/bitrix24/stagehistory_list.json";
import general from "../fixtures/bitrix24/status_list_deal_stage.json";
import wholesale from "../fixtures/bitrix24/status_list_deal_stage_3.json";
import { expectAppError } from "../helpers";
import { syncCrm } from "./support";

// A Bitrix24 portal synced end to end through its inbound webhook, against Bitrix24's documented
// answers: the webhook checked and sealed, funnels and stages, deals page by page with their stage
// history and converted value, contacts as customers, refused deals per field, the portal's rate
// limit waited out, and a webhook refused mid-run leaving only whole pages and a connection that
// asks for a new one.

const PORTAL = "https://acme.bitrix24.de";
const CODE = "k7d2m9x4q1w8e5r3";
const WEBHOOK = `${PORTAL}/rest/1/${CODE}/`;

type Body = Record<string, unknown> & { filter?: Record<string, unknown>; start?: number };
const calls: { method: string; body: Body }[] = [];
/** Answers per method name; a function gets the call's body. */
let answers: Record<string, (body: Body) => Response> = {};

const json = (body: unknown, status = 200) => HttpResponse.json(body as Record<string, unknown>, { status });

function defaults(): Record<string, (body: Body) => Response> {
  return {
    "crm.category.list": () => json(categories),
    "crm.currency.base.get": () => json(currency),
    "crm.status.list": (body) => json(body.filter?.ENTITY_ID === "DEAL_STAGE_3" ? wholesale : general),
    "crm.deal.list": (body) => json(body.start === 50 ? page2 : page1),
    "crm.stagehistory.list": (body) => {
      const owners = new Set(body.filter?.["@OWNER_ID"] as number[]);
      return json({ ...history, result: { items: history.result.items.filter((i) => owners.has(i.OWNER_ID)) } });
    },
    "crm.contact.list": (body) => {
      const ids = new Set((body.filter?.["@ID"] as number[]).map(String));
      return json({ ...contacts, result: contacts.result.filter((c) => ids.has(c.ID)) });
    },
  };
}

const server = setupServer(
  http.post(`${PORTAL}/rest/1/:code/:method`, async ({ params, request }) => {
    const method = String(params.method).replace(/\.json$/, "");
    const body = (await request.json()) as Body;
    calls.push({ method, body });
    if (params.code !== CODE) return json(noAuth, 401);
    const answer = answers[method];
    return answer ? answer(body) : json({ error: "ERROR_METHOD_NOT_FOUND", error_description: "Method not found!" }, 404);
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  calls.length = 0;
});
afterAll(() => server.close());

async function connected() {
  answers = defaults();
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { currency: "EUR", timeZone: "Europe/Berlin" });
  const { id } = await connectCrm(workspace.id, "bitrix24", { webhookUrl: WEBHOOK });
  calls.length = 0;
  return { workspaceId: workspace.id, connectionId: id };
}

const dealsOf = (scope: { workspaceId: string; connectionId: string }) => db.crmDeal.findMany({ where: scope, orderBy: { externalId: "asc" } });

describe("connecting Bitrix24 with an inbound webhook", () => {
  it("checks the webhook against the portal, keeps its base currency, and seals the address", async () => {
    const scope = await connected();
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection).toMatchObject({ provider: "bitrix24", externalAccountId: "acme.bitrix24.de", currency: "EUR", displayName: "Bitrix24 acme.bitrix24.de" });
    expect(connection.credentials).not.toContain(CODE);
  });

  it("refuses a webhook the portal refuses or one without the crm scope, on the webhookUrl field, connecting nothing", async () => {
    answers = defaults();
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const wrong = await expectAppError(connectCrm(workspace.id, "bitrix24", { webhookUrl: `${PORTAL}/rest/1/wrongcode1234/` }), "bad_request");
    expect(wrong.fields?.webhookUrl).toMatch(/refused the webhook/);
    expect(wrong.message).not.toContain("wrongcode1234");
    answers["crm.category.list"] = () => json(insufficientScope, 403);
    const scopeless = await expectAppError(connectCrm(workspace.id, "bitrix24", { webhookUrl: WEBHOOK }), "bad_request");
    expect(scopeless.fields?.webhookUrl).toMatch(/scope "crm"/);
    const notBitrix = await expectAppError(connectCrm(workspace.id, "bitrix24", { webhookUrl: "https://intranet.example/rest/1/abcdefgh12/" }), "bad_request");
    expect(notBitrix.fields?.webhookUrl).toMatch(/Bitrix24 cloud portals/);
    expect(await db.connection.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe("a Bitrix24 portal synced", () => {
  it("stores deals page by page with stage history, converted values, offline orders, customers and per-row errors", async () => {
    const scope = await connected();
    const { outcome, run } = await syncCrm(scope);
    expect(outcome).toBe("succeeded");
    expect(run).toMatchObject({ status: "succeeded", rowsRead: 7, rowsWritten: 4 });
    // Two pages: the second asked from the `next` the first answered.
    expect(calls.filter((c) => c.method === "crm.deal.list").map((c) => c.body.start)).toEqual([0, 50]);

    const deals = await dealsOf(scope);
    expect(deals.map((d) => [d.externalId, d.status, d.channel, d.pipelineId])).toEqual([
      ["101", "won", "google", "0"], ["102", "open", "email", "0"], ["106", "lost", "referral", "3"], ["107", "open", "crm", "0"],
    ]);
    const usd = deals.find((d) => d.externalId === "102")!;
    // Open: valued at the rate of the day it was made, in the workspace's zone.
    expect(usd.convertedMinor).toBe(convertMinor(250050n, "USD", "EUR", await rateFor("USD", "EUR", "2026-03-04")));
    expect(deals.find((d) => d.externalId === "101")).toMatchObject({ amountMinor: 1500000n, convertedMinor: 1500000n, ownerId: "1", customerId: 201n });

    const entries = await db.crmStageEntry.findMany({ where: { ...scope, dealId: "101" }, orderBy: { enteredAt: "asc" } });
    expect(entries.map((e) => e.stageId)).toEqual(["NEW", "PREPARATION", "EXECUTING", "PREPARATION", "EXECUTING", "WON"]);

    const orders = await db.crmOfflineOrder.findMany({ where: scope });
    expect(orders).toEqual([expect.objectContaining({ dealId: "101", channel: "google", amountMinor: 1500000n, currency: "EUR", customerId: 201n })]);

    const customers = await db.customer.findMany({ where: scope, orderBy: { externalId: "asc" } });
    expect(customers.map((c) => [c.externalId, c.emailHash])).toEqual([
      [201n, keyedHash("einkauf@fleetwerk.example")], [202n, keyedHash("ops@nordlicht.example")], [203n, null],
    ]);

    const errors = await db.crmRowError.findMany({ where: scope, orderBy: [{ dealId: "asc" }, { field: "asc" }] });
    // Contact 203's "030 1234567" has no country code, and a euro workspace has no home region to
    // read it in: the contact is kept without it, and its deal's row names the phone.
    expect(errors.map((e) => [e.dealId, e.field])).toEqual([["103", "amount"], ["103", "phone"], ["104", "currency"], ["105", "stage"]]);
    expect(errors[1]!.message).toMatch(/phone cannot be read.*kept without it/);
    expect(errors[1]!.message).not.toContain("1234567");
    expect(customers[2]).toMatchObject({ externalId: 203n, phoneHash: null, phoneEncrypted: null });
    expect(await db.crmStage.count({ where: scope })).toBe(10);
  });

  it("waits out QUERY_LIMIT_EXCEEDED with backoff and carries on", async () => {
    const scope = await connected();
    let limited = 1;
    answers["crm.deal.list"] = (body) => (limited-- > 0 ? json(queryLimit, 503) : json(body.start === 50 ? page2 : page1));
    const { outcome } = await syncCrm(scope);
    expect(outcome).toBe("succeeded");
    expect(calls.filter((c) => c.method === "crm.deal.list")).toHaveLength(3);
    expect(await db.crmDeal.count({ where: scope })).toBe(4);
  });

  it("asks for a new webhook when the portal refuses it mid-run, keeping only the whole pages before it", async () => {
    const scope = await connected();
    answers["crm.deal.list"] = (body) => (body.start === 50 ? json(expired, 401) : json(page1));
    const { outcome, run } = await syncCrm(scope);
    expect(outcome).toBe("failed");
    expect(run).toMatchObject({ status: "failed", errorCode: "needs_reauth" });
    expect(run!.error ?? "").not.toContain(CODE);
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection.status).toBe("needs_reauth");
    expect((await dealsOf(scope)).map((d) => d.externalId)).toEqual(["101", "102"]);
    expect((await db.crmRowError.findMany({ where: scope })).map((e) => `${e.dealId} ${e.field}`).sort()).toEqual(["103 amount", "103 phone", "104 currency"]);
  });
});
