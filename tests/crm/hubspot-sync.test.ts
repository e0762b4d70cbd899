import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectCrm } from "@/lib/crm/connect";
import { convertMinor } from "@/lib/crm/money";
import { keyedHash } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { rateFor } from "@/lib/fx/rule";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { executeRun } from "@/lib/sync/runner";
import { getRun, openRun } from "@/lib/sync/runs";
import accountDetails from "../fixtures/hubspot/account_details.json";
import contactsBatch from "../fixtures/hubspot/contacts_batch_read.json";
import page1 from "../fixtures/hubspot/deals_page1.json";
import page2 from "../fixtures/hubspot/deals_page2.json";
import unauthorized from "../fixtures/hubspot/error_401.json";
import pipelines from "../fixtures/hubspot/pipelines.json";
import { expectAppError } from "../helpers";

// A HubSpot portal synced end to end against HubSpot's documented answers: the token checked and
// sealed, deals with their stage history and converted value, won deals as offline orders (and no
// longer once reopened), contacts as customers, refused deals recorded per field, and a token
// revoked mid-run leaving only whole pages and a connection that asks to be reconnected.

const API = "https://api.hubapi.com";
const TOKEN = "pat-na1-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

type Page = typeof page1 | typeof page2;
let pages: Record<string, () => Response> = {};
const served = (body: Page) => () => HttpResponse.json(body);

const server = setupServer(
  http.get(`${API}/account-info/v3/details`, () => HttpResponse.json(accountDetails)),
  http.get(`${API}/crm/v3/pipelines/deals`, () => HttpResponse.json(pipelines)),
  http.get(`${API}/crm/v3/objects/deals`, ({ request }) => {
    const url = new URL(request.url);
    if (request.headers.get("authorization") !== `Bearer ${TOKEN}`) return HttpResponse.json(unauthorized, { status: 401 });
    expect(url.searchParams.get("propertiesWithHistory")).toBe("dealstage");
    return pages[url.searchParams.get("after") ?? "first"]!();
  }),
  http.post(`${API}/crm/v3/objects/contacts/batch/read`, async ({ request }) => {
    const { inputs } = (await request.json()) as { inputs: { id: string }[] };
    const ids = new Set(inputs.map((i) => i.id));
    return HttpResponse.json({ ...contactsBatch, results: contactsBatch.results.filter((c) => ids.has(c.id)) });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function connected() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { currency: "USD", timeZone: "America/New_York" });
  const { id } = await connectCrm(workspace.id, "hubspot", { token: TOKEN });
  return { workspaceId: workspace.id, connectionId: id };
}

async function sync(scope: { workspaceId: string; connectionId: string }, kind: "backfill" | "incremental" = "backfill") {
  const { runId } = await openRun(scope, kind);
  const outcome = await executeRun(scope, runId, { sleep: async () => {} });
  return { outcome, run: await getRun(scope, runId) };
}

const dealsOf = (scope: { workspaceId: string; connectionId: string }) =>
  db.crmDeal.findMany({ where: scope, orderBy: { externalId: "asc" } });

describe("a HubSpot portal synced", () => {
  it("refuses a token HubSpot refuses, connecting nothing", async () => {
    server.use(http.get(`${API}/account-info/v3/details`, () => HttpResponse.json(unauthorized, { status: 401 })));
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const error = await expectAppError(connectCrm(workspace.id, "hubspot", { token: "pat-revoked" }), "bad_request");
    expect(error.fields?.token).toMatch(/refused the access token/);
    expect(await db.connection.count({ where: { workspaceId: workspace.id } })).toBe(0);
    await expectAppError(connectCrm(workspace.id, "shopify", { token: TOKEN }), "bad_request");
  });

  it("stores deals, stage history, offline orders, customers and per-row errors", async () => {
    pages = { first: served(page1), "1003": served(page2) };
    const scope = await connected();
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection).toMatchObject({ externalAccountId: "24681357", currency: "USD", timeZone: "America/New_York" });
    expect(connection.credentials).not.toContain(TOKEN);

    const { outcome, run } = await sync(scope);
    expect(outcome).toBe("succeeded");
    expect(run).toMatchObject({ status: "succeeded", rowsRead: 6, rowsWritten: 3 });

    const deals = await dealsOf(scope);
    expect(deals.map((d) => [d.externalId, d.status, d.channel])).toEqual([["1001", "won", "google"], ["1002", "open", "crm"], ["1006", "lost", "referral"]]);
    const eur = deals.find((d) => d.externalId === "1002")!;
    // Open: valued at the rate of the day it was made, in the workspace's zone.
    expect(eur.convertedMinor).toBe(convertMinor(250050n, "EUR", "USD", await rateFor("EUR", "USD", "2026-03-02")));
    expect(eur.rateDay.toISOString().slice(0, 10)).toBe("2026-03-02");
    const gbp = deals.find((d) => d.externalId === "1006")!;
    expect(gbp.convertedMinor).toBe(convertMinor(80000n, "GBP", "USD", await rateFor("GBP", "USD", "2026-03-20")));

    const entries = await db.crmStageEntry.findMany({ where: { ...scope, dealId: "1001" }, orderBy: { enteredAt: "asc" } });
    expect(entries.map((e) => e.stageId)).toEqual(["appointmentscheduled", "qualifiedtobuy", "appointmentscheduled", "qualifiedtobuy", "contractsent", "closedwon"]);

    const orders = await db.crmOfflineOrder.findMany({ where: scope });
    expect(orders).toEqual([expect.objectContaining({ dealId: "1001", channel: "google", amountMinor: 1200000n, convertedMinor: 1200000n, customerId: 501n, wonAt: new Date("2026-03-10T15:00:00.000Z") })]);

    const customers = await db.customer.findMany({ where: scope, orderBy: { externalId: "asc" } });
    expect(customers.map((c) => [c.externalId, c.emailHash])).toEqual([[501n, keyedHash("buyer@acme.example")], [502n, keyedHash("ops@globex.example")]]);
    expect(customers[0]!.emailEncrypted).not.toContain("acme");

    const errors = await db.crmRowError.findMany({ where: scope, orderBy: { dealId: "asc" } });
    expect(errors.map((e) => [e.dealId, e.field])).toEqual([["1003", "amount"], ["1004", "currency"], ["1005", "stage"]]);
    expect(await db.crmStage.count({ where: scope })).toBe(5);
  });

  it("stops counting a won deal reopened, records stages changed between syncs, and takes a corrected deal", async () => {
    pages = { first: served(page1), "1003": served(page2) };
    const scope = await connected();
    await sync(scope);

    const reopened = structuredClone(page1);
    const won = reopened.results[0]!;
    won.properties.dealstage = "contractsent";
    won.properties.hs_lastmodifieddate = "2026-03-15T09:00:00.000Z";
    won.propertiesWithHistory.dealstage.unshift({ value: "contractsent", timestamp: "2026-03-15T09:00:00.000Z", sourceType: "CRM_UI", sourceId: "userId:77001" });
    const later = structuredClone(page2);
    // No history kept for this one: the change is seen between two syncs.
    later.results[3]!.properties.dealstage = "qualifiedtobuy";
    later.results[3]!.properties.hs_lastmodifieddate = "2026-03-25T12:00:00.000Z";
    later.results[0]!.properties.amount = "300";
    pages = { first: served(reopened), "1003": served(later) };
    expect((await sync(scope, "incremental")).outcome).toBe("succeeded");

    expect(await db.crmOfflineOrder.count({ where: scope })).toBe(0);
    const deals = await dealsOf(scope);
    expect(deals.find((d) => d.externalId === "1001")!.status).toBe("open");
    expect(deals.find((d) => d.externalId === "1003")).toMatchObject({ amountMinor: 30000n, status: "open" });
    const stark = await db.crmStageEntry.findMany({ where: { ...scope, dealId: "1006" }, orderBy: { enteredAt: "asc" } });
    expect(stark.map((e) => [e.stageId, e.enteredAt.toISOString()])).toEqual([
      ["closedlost", "2026-03-20T12:00:00.000Z"], ["qualifiedtobuy", "2026-03-25T12:00:00.000Z"],
    ]);
    expect(await db.crmStageEntry.count({ where: { ...scope, dealId: "1001" } })).toBe(7);
    expect((await db.crmRowError.findMany({ where: scope })).map((e) => e.dealId).sort()).toEqual(["1004", "1005"]);
  });

  it("keeps a contact whose phone cannot be read without it, naming phone on its deal's row error until it is fixed", async () => {
    pages = { first: served(page1), "1003": served(page2) };
    const contactsWithPhone = (phone: string) =>
      http.post(`${API}/crm/v3/objects/contacts/batch/read`, async ({ request }) => {
        const { inputs } = (await request.json()) as { inputs: { id: string }[] };
        const ids = new Set(inputs.map((i) => i.id));
        const results = contactsBatch.results.filter((c) => ids.has(c.id)).map((c) => (c.id === "502" ? { ...c, properties: { ...c.properties, phone } } : c));
        return HttpResponse.json({ ...contactsBatch, results });
      });
    server.use(contactsWithPhone("ask reception"));
    const scope = await connected();
    expect((await sync(scope)).outcome).toBe("succeeded");

    // The deal and the rest of its contact are taken; only the number is left out.
    expect((await dealsOf(scope)).find((d) => d.externalId === "1002")).toMatchObject({ status: "open", customerId: 502n });
    const contact = await db.customer.findFirstOrThrow({ where: { ...scope, externalId: 502n } });
    expect(contact).toMatchObject({ emailHash: keyedHash("ops@globex.example"), phoneHash: null, phoneEncrypted: null });
    const errors = await db.crmRowError.findMany({ where: scope, orderBy: [{ dealId: "asc" }, { field: "asc" }] });
    expect(errors.map((e) => [e.dealId, e.field])).toEqual([["1002", "phone"], ["1003", "amount"], ["1004", "currency"], ["1005", "stage"]]);
    const phoneError = errors[0]!;
    expect(phoneError.message).toMatch(/phone cannot be read/);
    // Row errors are plain text: the number itself stays out of them.
    expect(phoneError.message).not.toContain("reception");

    // Corrected in HubSpot: the next sync stores the number and clears the error.
    server.use(contactsWithPhone("+44 20 7946 0958"));
    expect((await sync(scope, "incremental")).outcome).toBe("succeeded");
    expect((await db.customer.findFirstOrThrow({ where: { ...scope, externalId: 502n } })).phoneHash).toBe(keyedHash("+442079460958"));
    expect(await db.crmRowError.count({ where: { ...scope, field: "phone" } })).toBe(0);
  });

  it("asks to be reconnected when the token is revoked mid-run, keeping only the whole pages before it", async () => {
    pages = { first: served(page1), "1003": () => HttpResponse.json(unauthorized, { status: 401 }) };
    const scope = await connected();
    const { outcome, run } = await sync(scope);
    expect(outcome).toBe("failed");
    expect(run).toMatchObject({ status: "failed", errorCode: "needs_reauth" });
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection.status).toBe("needs_reauth");
    expect(connection.nextSyncAt).toBeNull();
    expect((await dealsOf(scope)).map((d) => d.externalId)).toEqual(["1001", "1002"]);
    expect(await db.crmRowError.count({ where: scope })).toBe(0);
  });
});
