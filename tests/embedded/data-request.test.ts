import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET as exportRoute } from "@/app/w/[slug]/privacy/exports/[id]/route";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { EXPORT_FORMAT } from "@/lib/stores/compliance/customer-export";
import { deleteExpiredExports, exportPath } from "@/lib/stores/compliance/data-request";
import { handleCustomersDataRequest, handleCustomersRedact } from "@/lib/stores/webhooks/handlers/compliance";
import { unique } from "../helpers";
import { EVE_EMAIL, storeWithShoppers } from "./compliance-support";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: null } | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => session.user) }));

beforeEach(() => {
  session.user = null;
});

type TExport = {
  format: string;
  customer: { id: string; email: string; emailHash: string; tags: string[] } | null;
  orders: { id: string; lineItems: unknown[]; attribution: unknown; attributionCredits: unknown }[];
  profiles: { customer_key: string; orders: number }[];
  tracking: { visitors: { anonymous_id: string }[]; identityLinks: { kind: string; value: string }[]; sessions: unknown[]; events: unknown[]; touchpoints: unknown[] };
};

const dataRequest = (workspaceId: string, connectionId: string, webhookId = unique("wh")) =>
  handleCustomersDataRequest(
    { workspaceId, connectionId, webhookId, topic: "customers/data_request" },
    { shop_domain: "x.myshopify.com", customer: { id: 801, email: EVE_EMAIL }, orders_requested: [8001], data_request: { id: 9 } },
  );

async function download(slug: string, id: string, user: { id: string; email: string } | null) {
  session.user = user && { ...user, name: null };
  const response = await exportRoute(new Request(`http://localhost${exportPath(slug, id)}`), { params: Promise.resolve({ slug, id }) });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe("customers/data_request", () => {
  it("makes the customer's export, emails the owners a link without any of it, and records the request answered", async () => {
    const store = await storeWithShoppers();
    const { ws, connection, owner, workspace } = store;
    const action = await dataRequest(ws, connection.id);
    expect(action).toMatch(/^exported for customer 801 \(export \w+\): the customer record, 1 orders, 1 profiles, 1 visitors, 1 sessions, 1 events; 1 owners emailed a link, kept 30 days$/);
    const [request] = await db.complianceRequest.findMany({ where: { workspaceId: ws, topic: "customers/data_request" } });
    expect(request!.completedAt).toBeInstanceOf(Date);

    const [stored] = await db.customerDataExport.findMany({ where: { workspaceId: ws } });
    expect(stored!.content).not.toContain("8001");
    const emails = await db.outboxEmail.findMany({ where: { to: owner.email } });
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toContain(exportPath(workspace.slug, stored!.id));
    expect(emails[0]!.text).not.toContain(EVE_EMAIL);

    const got = await download(workspace.slug, stored!.id, owner);
    expect(got.status).toBe(200);
    expect(got.headers.get("cache-control")).toBe("no-store");
    expect(got.text).not.toContain(EVE_EMAIL);
    const body = JSON.parse(got.text) as TExport;
    expect(body.format).toBe(EXPORT_FORMAT);
    expect(body.customer).toMatchObject({ id: "801", email: expect.stringMatching(/^held encrypted/), emailHash: expect.stringMatching(/^held as a keyed hash/), tags: ["vip-eve"] });
    expect(body.orders.map((o) => o.id)).toEqual(["8001"]);
    expect(body.orders[0]!.lineItems).toHaveLength(1);
    expect(body.orders[0]!.attribution).toMatchObject({ method: expect.any(String) });
    expect(body.orders[0]!.attributionCredits).not.toBeNull();
    expect(body.profiles).toHaveLength(1);
    expect(body.tracking.visitors.map((v) => v.anonymous_id)).toEqual([store.eve]);
    expect(body.tracking.identityLinks.find((l) => l.kind === "email")!.value).toMatch(/^held as a keyed hash/);
    expect(body.tracking.sessions).toHaveLength(1);
    expect(body.tracking.events).toHaveLength(1);
    expect(body.tracking.touchpoints).toHaveLength(1);
    // Bob's data is not in Eve's export.
    expect(got.text).not.toContain(store.bob);
    expect(got.text).not.toContain("8002");
  });

  it("answers a redelivery once: no second export, no second email", async () => {
    const { ws, connection, owner } = await storeWithShoppers();
    await dataRequest(ws, connection.id, "same-delivery");
    await dataRequest(ws, connection.id, "same-delivery");
    expect(await db.customerDataExport.count({ where: { workspaceId: ws } })).toBe(1);
    expect(await db.outboxEmail.count({ where: { to: owner.email } })).toBe(1);
  });

  it("lets only the workspace's owners download it: an admin is refused, another workspace's owner and an expired export are 404", async () => {
    const { ws, connection, workspace, owner } = await storeWithShoppers();
    await dataRequest(ws, connection.id);
    const stored = await db.customerDataExport.findFirstOrThrow({ where: { workspaceId: ws } });
    const admin = await seedUser();
    await seedMembership(ws, admin.id, "admin");
    expect((await download(workspace.slug, stored.id, admin)).status).toBe(403);
    const stranger = await seedUser();
    const theirs = await seedWorkspace(stranger.id);
    expect((await download(workspace.slug, stored.id, stranger)).status).toBe(404);
    expect((await download(theirs.slug, stored.id, stranger)).status).toBe(404);
    expect((await download(workspace.slug, stored.id, null)).status).toBe(401);

    await db.customerDataExport.update({ where: { workspaceId_id: { workspaceId: ws, id: stored.id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await download(workspace.slug, stored.id, owner)).status).toBe(404);
    expect(await deleteExpiredExports()).toBeGreaterThanOrEqual(1);
    expect(await db.customerDataExport.count({ where: { workspaceId: ws } })).toBe(0);
  });

  it("is deleted by a later customers/redact of the same customer", async () => {
    const { ws, connection } = await storeWithShoppers();
    await dataRequest(ws, connection.id);
    await handleCustomersRedact({ workspaceId: ws, connectionId: connection.id, webhookId: unique("wh"), topic: "customers/redact" }, { customer: { id: 801 }, orders_to_redact: [8001] });
    expect(await db.customerDataExport.count({ where: { workspaceId: ws } })).toBe(0);
  });
});
