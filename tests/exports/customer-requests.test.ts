import { describe, expect, it, vi } from "vitest";
import { POST as requestRoute } from "@/app/api/v1/workspaces/[slug]/customers/data-requests/route";
import { GET as statusRoute } from "@/app/api/v1/workspaces/[slug]/customers/data-requests/[id]/route";
import { recomputeActivity } from "@/lib/activity/recompute";
import { customerIdOf } from "@/lib/customers/customer-id";
import { db } from "@/lib/db/client";
import { upsertCustomers } from "@/lib/stores/ingest";
import { changeMembersByHand } from "@/lib/tags/membership";
import { createTag } from "@/lib/tags/service";
import { queuePersons } from "../activity/support";
import { before } from "../attribution/support";
import { apiKey } from "../dashboards/support";
import { EVE_EMAIL, EVE_SEND_ID, rowsIn, storeWithShoppers } from "../embedded/compliance-support";
import { unique } from "../helpers";
import { call } from "./support";

// GDPR requests through the API share the privacy webhooks' code: an export of everything held
// about a person, and an erasure that reaches every table holding them, in every connection.

vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

const path = (slug: string) => `/api/v1/workspaces/${slug}/customers/data-requests`;

async function eveEverywhere() {
  const store = await storeWithShoppers();
  const { ws, eveKey } = store;
  // Eve is also a contact in a CRM the workspace syncs.
  const crm = await db.connection.create({ data: { workspaceId: ws, provider: "hubspot", externalAccountId: unique("portal"), displayName: "CRM", credentials: "-" } });
  await upsertCustomers({ workspaceId: ws, connectionId: crm.id }, [{ externalId: 9901n, email: EVE_EMAIL, firstOrderAt: null, ordersCount: 0, tags: ["crm-lead"], createdAt: before(100), updatedAt: before(100) }]);
  const tag = await createTag(ws, { name: unique("Eve fans") }, null);
  await changeMembersByHand(ws, tag.id, { add: [eveKey] });
  await queuePersons(ws, [eveKey]);
  await recomputeActivity(ws, "all");
  const key = await apiKey(ws, store.owner.id, "admin");
  return { ...store, crm, key };
}

describe("a customer's GDPR request through the API", () => {
  it("exports what every connection holds about the person, kept for a later GET", async () => {
    const { workspace, key, crm } = await eveEverywhere();
    const response = await call(requestRoute, "POST", path(workspace.slug), { slug: workspace.slug }, key, JSON.stringify({ type: "export", email: EVE_EMAIL.toUpperCase() }));
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ type: "export", identified_by: "email", status: "completed", found: true });
    const records = body.result.records as { connectionId: string; customer: { id: string; email: string }; orders: { id: string }[] }[];
    expect(records.map((r) => r.customer.id).sort()).toEqual(["801", "9901"]);
    expect(records.find((r) => r.connectionId === crm.id)).toBeDefined();
    const store = records.find((r) => r.customer.id === "801")!;
    expect(store.orders.map((o) => o.id)).toEqual(["8001"]);
    expect(JSON.stringify(body)).not.toContain(EVE_EMAIL);
    expect(store.customer.email).toMatch(/encrypted/);

    const again = await call(statusRoute, "GET", `${path(workspace.slug)}/${body.id}`, { slug: workspace.slug, id: body.id }, key);
    expect(again.status).toBe(200);
    expect((await again.json()).result.records).toHaveLength(2);
  });

  it("erases the person from every table that holds them: tracking, activity, tags, owned sends, store and CRM records", async () => {
    const s = await eveEverywhere();
    const { ws, eveKey, eve, workspace, key } = s;
    const counts = async () => ({
      visitors: await rowsIn("visitors", ws, "anonymous_id = $2", [eve]),
      events: await rowsIn("tracked_events", ws, "anonymous_id = $2", [eve]),
      links: await rowsIn("identity_links", ws, "anonymous_id = $2", [eve]),
      activity: await rowsIn("person_activity", ws, "person_key = $2", [eveKey]),
      tags: await rowsIn("person_tags", ws, "person_key = $2", [eveKey]),
      emails: await rowsIn("customers", ws, "email_hash = $2 OR email_encrypted IS NOT NULL AND external_id IN (801, 9901)", [eveKey.slice(2)]),
      sends: await rowsIn("owned_sends", ws, "send_id = $2 AND recipient_email_hash IS NOT NULL", [EVE_SEND_ID]),
      profiles: await rowsIn("customer_profiles", ws, "customer_key = $2", [eveKey]),
    });
    const held = await counts();
    for (const [table, n] of Object.entries(held)) expect(n, `${table} before`).toBeGreaterThan(0);
    const bobBefore = await rowsIn("visitors", ws, "anonymous_id = $2", [s.bob]);

    const response = await call(requestRoute, "POST", path(workspace.slug), { slug: workspace.slug }, key, JSON.stringify({ type: "erase", customer_id: customerIdOf(eveKey) }));
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ type: "erase", identified_by: "customer_id", found: true });
    expect(body.result).toBeUndefined();
    expect(await counts()).toEqual({ visitors: 0, events: 0, links: 0, activity: 0, tags: 0, emails: 0, sends: 0, profiles: 0 });
    expect(await rowsIn("customers", ws, "external_id IN (801, 9901) AND redacted_at IS NOT NULL")).toBe(2);
    expect(await rowsIn("visitors", ws, "anonymous_id = $2", [s.bob])).toBe(bobBefore);
  });

  it("answers an unknown person with a completed request that found nothing, and bad input with a 400 naming the field", async () => {
    const { workspace, key, ws } = await eveEverywhere();
    const unknown = await call(requestRoute, "POST", path(workspace.slug), { slug: workspace.slug }, key, JSON.stringify({ type: "erase", email: "nobody@example.com" }));
    expect(unknown.status).toBe(201);
    expect(await unknown.json()).toMatchObject({ status: "completed", found: false, summary: expect.stringMatching(/nothing found/) });
    expect(await rowsIn("customers", ws, "redacted_at IS NOT NULL")).toBe(0);

    const bad: [unknown, string][] = [
      [{ type: "delete", email: EVE_EMAIL }, "type"],
      [{ type: "export" }, "email"],
      [{ type: "export", email: EVE_EMAIL, customer_id: "abc" }, "customer_id"],
      [{ type: "export", email: "not-an-email" }, "email"],
      [{ type: "export", customer_id: "%%%" }, "customer_id"],
      [{ type: "export", email: EVE_EMAIL, name: "Eve" }, "name"],
    ];
    for (const [input, field] of bad) {
      const response = await call(requestRoute, "POST", path(workspace.slug), { slug: workspace.slug }, key, JSON.stringify(input));
      expect(response.status, JSON.stringify(input)).toBe(400);
      expect((await response.json()).error.fields, JSON.stringify(input)).toHaveProperty(field);
    }
  });

  it("is for admins of the workspace: a member's key gets 403, another workspace's key and request 404", async () => {
    const { workspace, owner, ws, key } = await eveEverywhere();
    const member = await apiKey(ws, owner.id, "member");
    expect((await call(requestRoute, "POST", path(workspace.slug), { slug: workspace.slug }, member, JSON.stringify({ type: "export", email: EVE_EMAIL }))).status).toBe(403);
    const other = await storeWithShoppers();
    const theirKey = await apiKey(other.ws, other.owner.id, "owner");
    expect((await call(requestRoute, "POST", path(workspace.slug), { slug: workspace.slug }, theirKey, JSON.stringify({ type: "export", email: EVE_EMAIL }))).status).toBe(404);
    const made = await (await call(requestRoute, "POST", path(workspace.slug), { slug: workspace.slug }, key, JSON.stringify({ type: "export", email: EVE_EMAIL }))).json();
    const foreign = await call(statusRoute, "GET", `${path(other.workspace.slug)}/${made.id}`, { slug: other.workspace.slug, id: made.id }, theirKey);
    expect(foreign.status).toBe(404);
  });
});
