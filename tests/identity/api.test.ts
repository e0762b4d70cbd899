import { describe, expect, it, vi } from "vitest";
import { GET as getVisitorRoute } from "@/app/api/v1/workspaces/[slug]/visitors/[anonymousId]/route";
import { GET as listMergesRoute } from "@/app/api/v1/workspaces/[slug]/identity-merges/route";
import { POST as undoRoute } from "@/app/api/v1/workspaces/[slug]/identity-merges/[id]/undo/route";
import { DELETE as eraseRoute } from "@/app/api/v1/workspaces/[slug]/customers/[id]/tracking-data/route";
import { keyedHash } from "@/lib/crypto/secrets";
import { customerIdOf } from "@/lib/customers/customer-id";
import { linkIdentities } from "@/lib/identity/link";
import { visitorStatus } from "@/lib/identity/status";
import { apiKey, call } from "../dashboards/support";
import { unique } from "../helpers";
import { ANN, ev, identityStore } from "./support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

async function merged() {
  const store = await identityStore();
  const [phone, laptop] = [unique("cid"), unique("cid")];
  await linkIdentities(store.workspace.id, [ev(phone, "identify", { userId: "member-1", properties: { email: ANN } })]);
  await linkIdentities(store.workspace.id, [ev(laptop, "identify", { userId: "member-1", properties: { email: "ann@work.example" } })]);
  const viewer = await apiKey(store.workspace.id, store.owner.id, "viewer");
  const admin = await apiKey(store.workspace.id, store.owner.id, "admin");
  return { ...store, phone, laptop, viewer, admin };
}

describe("the identity API", () => {
  it("shows a visitor with its links and customer, and another workspace's visitor is 404", async () => {
    const s = await merged();
    const slug = s.workspace.slug;
    const result = await call(getVisitorRoute, { method: "GET", key: s.viewer, params: { slug, anonymousId: s.phone } });
    expect(result.status).toBe(200);
    const work = `e:${keyedHash("ann@work.example")}`;
    const survivor = s.ann < work ? s.ann : work;
    expect(result.body).toMatchObject({
      anonymous_id: s.phone, status: "known", customer_id: customerIdOf(survivor), events: 0, sessions: 0,
      links: expect.arrayContaining([
        expect.objectContaining({ kind: "email", value: keyedHash(ANN), method: "identify", customer_id: customerIdOf(s.ann) }),
        expect.objectContaining({ kind: "member", value: keyedHash("member-1"), customer_id: null }),
      ]),
    });
    expect(JSON.stringify(result.body).toLowerCase()).not.toContain("ann@example.com");

    const other = await merged();
    expect((await call(getVisitorRoute, { method: "GET", key: other.viewer, params: { slug: other.workspace.slug, anonymousId: s.phone } })).status).toBe(404);
    expect((await call(getVisitorRoute, { method: "GET", key: s.viewer, params: { slug, anonymousId: "never-seen" } })).status).toBe(404);
    expect((await call(getVisitorRoute, { method: "GET", key: s.viewer, params: { slug, anonymousId: "x".repeat(300) } })).status).toBe(404);
  });

  it("lists merges, lets an admin undo one (a viewer may not), and another workspace's merge is 404", async () => {
    const s = await merged();
    const slug = s.workspace.slug;
    const list = await call(listMergesRoute, { method: "GET", key: s.viewer, params: { slug } });
    const merges = list.body!.merges as { id: string; reason: string }[];
    expect(merges).toHaveLength(1);
    expect(merges[0]!.reason).toBe("member_id");

    expect((await call(undoRoute, { method: "POST", key: s.viewer, params: { slug, id: merges[0]!.id } })).status).toBe(403);
    const other = await merged();
    expect((await call(undoRoute, { method: "POST", key: other.admin, params: { slug: other.workspace.slug, id: merges[0]!.id } })).status).toBe(404);

    const undone = await call(undoRoute, { method: "POST", key: s.admin, params: { slug, id: merges[0]!.id } });
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ id: merges[0]!.id, undone_by: expect.stringMatching(/^api_key:/) });
    expect((await visitorStatus(s.workspace.id, s.phone)).personKey).toBe(s.ann);
    expect((await call(undoRoute, { method: "POST", key: s.admin, params: { slug, id: merges[0]!.id } })).status).toBe(409);
  });

  it("deletes a customer's tracking data for an admin only, and another workspace's customer is 404", async () => {
    const s = await merged();
    const slug = s.workspace.slug;
    const id = customerIdOf(s.ann);
    expect((await call(eraseRoute, { method: "DELETE", key: s.viewer, params: { slug, id } })).status).toBe(403);
    const other = await merged();
    // The other workspace knows a customer of that email too, so ask it about a store customer it does not have.
    expect((await call(eraseRoute, { method: "DELETE", key: other.admin, params: { slug: other.workspace.slug, id: customerIdOf(`c:${s.connection.id}:502`) } })).status).toBe(404);
    expect((await call(eraseRoute, { method: "DELETE", key: s.admin, params: { slug, id: "not-an-id" } })).status).toBe(404);

    const result = await call(eraseRoute, { method: "DELETE", key: s.admin, params: { slug, id } });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ deleted: { visitors: 1, merges: 1 } });
    expect(await visitorStatus(s.workspace.id, s.phone)).toEqual({ status: "anonymous", personKey: null });
    expect((await visitorStatus(other.workspace.id, other.phone)).status).toBe("known");
  });
});
