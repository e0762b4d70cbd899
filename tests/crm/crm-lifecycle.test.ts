import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { connectCrmAction, disconnectAction } from "@/app/w/[slug]/connections/actions";
import { currentUser } from "@/lib/auth/session";
import { seedDemoCrm } from "@/lib/connectors/demo-crm/seed";
import { DEMO_CRM_DEALS } from "@/lib/connectors/demo-crm/generator";
import { connectDemoStore } from "@/lib/connections/service";
import { pipelineReport } from "@/lib/crm/pipeline";
import { db } from "@/lib/db/client";
import { phoneHash } from "@/lib/phone/normalise";
import { runReport } from "@/lib/metrics/report/run";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { startInitialSync } from "@/lib/sync/schedule";
import { formOf } from "../helpers";
import page1 from "../fixtures/hubspot/deals_page1.json";
import page2 from "../fixtures/hubspot/deals_page2.json";
import { dealPages, defaultPages, HUBSPOT_API, HUBSPOT_TOKEN, hubspotHandlers, hubspotWorkspace, served, syncCrm } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/sync/schedule", () => ({ startInitialSync: vi.fn(async () => {}) }));

// A CRM connection's life beyond its first sync: connected from the connections page (its field
// named when wrong), deals deleted in the CRM leaving on the next full read, contacts' phones kept
// like customers', disconnecting with its data deleted, and the demo portal synced by the engine.

const server = setupServer(...hubspotHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => vi.mocked(startInitialSync).mockClear());
afterAll(() => server.close());
beforeEach(() => void (dealPages.current = defaultPages()));

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
const MARCH = { date_from: "2026-03-01", date_to: "2026-03-31" };

describe("a CRM connection", () => {
  it("is connected from the connections page by an admin, the field named when the token is missing or refused", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const admin = await seedUser();
    await seedMembership(workspace.id, admin.id, "admin");
    signIn(admin);

    const empty = await connectCrmAction(null, formOf({ slug: workspace.slug, provider: "hubspot", token: " " }));
    expect(empty).toMatchObject({ ok: false, fields: { token: expect.stringContaining("access token") } });
    server.use(http.get(`${HUBSPOT_API}/account-info/v3/details`, () => HttpResponse.json({ status: "error", category: "INVALID_AUTHENTICATION", message: "expired" }, { status: 401 }), { once: true }));
    const refused = await connectCrmAction(null, formOf({ slug: workspace.slug, provider: "hubspot", token: "pat-revoked" }));
    expect(refused).toMatchObject({ ok: false, fields: { token: expect.any(String) } });
    const notCrm = await connectCrmAction(null, formOf({ slug: workspace.slug, provider: "klaviyo", token: HUBSPOT_TOKEN }));
    expect(notCrm).toMatchObject({ ok: false, fields: { provider: expect.any(String) } });
    expect(await db.connection.count({ where: { workspaceId: workspace.id } })).toBe(0);

    const ok = await connectCrmAction(null, formOf({ slug: workspace.slug, provider: "hubspot", token: HUBSPOT_TOKEN }));
    expect(ok).toMatchObject({ ok: true });
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: workspace.id }, select: { id: true, provider: true, credentials: true } });
    expect(connection.provider).toBe("hubspot");
    expect(connection.credentials).not.toContain(HUBSPOT_TOKEN);
    expect(startInitialSync).toHaveBeenCalledWith({ workspaceId: workspace.id, connectionId: connection.id });

    // Another workspace's admin cannot connect into this one: the same 404 as no workspace.
    const stranger = await seedUser();
    await seedWorkspace(stranger.id);
    signIn(stranger);
    expect(await connectCrmAction(null, formOf({ slug: workspace.slug, provider: "hubspot", token: HUBSPOT_TOKEN }))).toMatchObject({ ok: false, error: expect.stringMatching(/not found/i) });
    expect(await db.connection.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("drops deals deleted in the CRM on the next full read, with their offline orders and history", async () => {
    const { workspace, scope } = await hubspotWorkspace();
    await syncCrm(scope);
    expect((await db.crmDeal.findMany({ where: scope, orderBy: { externalId: "asc" } })).map((d) => d.externalId)).toEqual(["1001", "1002", "1006"]);
    expect((await runReport(workspace.id, { ...MARCH, metrics: ["offline_revenue"] })).totals).toEqual({ offline_revenue: "12000.00" });

    // 1001 (won) and 1006 (lost) deleted in HubSpot; the refused 1003-1005 are still sent.
    const withoutWon = { ...structuredClone(page1), results: page1.results.filter((d) => d.id !== "1001") };
    const withoutLost = { ...structuredClone(page2), results: page2.results.filter((d) => d.id !== "1006") };
    dealPages.current = { first: served(withoutWon), "1003": served(withoutLost) };
    expect((await syncCrm(scope, "incremental")).outcome).toBe("succeeded");

    expect((await db.crmDeal.findMany({ where: scope })).map((d) => d.externalId)).toEqual(["1002"]);
    expect(await db.crmOfflineOrder.count({ where: scope })).toBe(0);
    expect(await db.crmStageEntry.count({ where: { ...scope, dealId: { in: ["1001", "1006"] } } })).toBe(0);
    // Refused deals sent again keep their errors.
    expect(await db.crmRowError.count({ where: { ...scope, dealId: { in: ["1003", "1004", "1005"] } } })).toBeGreaterThan(0);
    expect((await runReport(workspace.id, { ...MARCH, metrics: ["offline_revenue", "deals_won"] })).totals).toEqual({ offline_revenue: "0.00", deals_won: 0 });
  });

  it("keeps contacts' phones sealed with the keyed hash of their E.164 form", async () => {
    const { scope } = await hubspotWorkspace();
    await syncCrm(scope);
    const buyer = await db.customer.findFirstOrThrow({ where: { ...scope, externalId: 501n }, select: { phoneEncrypted: true, phoneHash: true } });
    // "+1 (555) 010-0000" in HubSpot.
    expect(buyer.phoneHash).toBe(phoneHash("+15550100000"));
    expect(buyer.phoneEncrypted).not.toContain("555");
    const noPhone = await db.customer.findFirstOrThrow({ where: { ...scope, externalId: 502n }, select: { phoneHash: true } });
    expect(noPhone.phoneHash).toBeNull();
  });

  it("deletes its deals, stages and offline orders when disconnected with its data", async () => {
    const { workspace, scope, owner } = await hubspotWorkspace();
    await syncCrm(scope);
    signIn(owner);
    const state = await disconnectAction(null, formOf({ slug: workspace.slug, connectionId: scope.connectionId, data: "delete" }));
    expect(state).toMatchObject({ ok: true });
    for (const count of [db.crmDeal.count({ where: scope }), db.crmStage.count({ where: scope }), db.crmOfflineOrder.count({ where: scope }), db.crmStageEntry.count({ where: scope }), db.crmRowError.count({ where: scope })]) {
      expect(await count).toBe(0);
    }
    expect((await runReport(workspace.id, { ...MARCH, metrics: ["offline_revenue"] })).totals).toEqual({ offline_revenue: "0.00" });
  });
});

describe("the demo CRM", () => {
  it("syncs a B2B pipeline through the CRM engine, its contacts the demo store's customers", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    await connectDemoStore(workspace.id, { orders: 500 });
    const { connectionId, deals } = await seedDemoCrm(workspace.id);
    expect(deals).toBe(DEMO_CRM_DEALS);
    const scope = { workspaceId: workspace.id, connectionId };
    const statuses = await db.crmDeal.groupBy({ by: ["status"], where: scope, _count: { _all: true } });
    expect(statuses.map((s) => s.status).sort()).toEqual(["lost", "open", "won"]);
    expect(await db.crmOfflineOrder.count({ where: scope })).toBe(statuses.find((s) => s.status === "won")!._count._all);
    const contacts = await db.customer.findMany({ where: scope, select: { emailHash: true, phoneHash: true } });
    expect(contacts).toHaveLength(DEMO_CRM_DEALS);
    expect(contacts.every((c) => c.emailHash && c.phoneHash)).toBe(true);

    const report = await pipelineReport(workspace.id, { dateFrom: "2026-01-01", dateTo: "2026-10-31" });
    const reached = report.pipelines[0]!.stages.filter((s) => s.outcome !== "lost").map((s) => s.reached);
    expect(reached[0]).toBeGreaterThan(0);
    // A funnel: no stage reached by more deals than the one before it.
    expect(reached).toEqual([...reached].sort((a, b) => b - a));
    expect(Number(report.totals.offline_revenue)).toBeGreaterThan(0);

    // Seeding again syncs the same portal: nothing doubles.
    expect((await seedDemoCrm(workspace.id)).connectionId).toBe(connectionId);
    expect(await db.crmDeal.count({ where: scope })).toBe(DEMO_CRM_DEALS);
  });
});
