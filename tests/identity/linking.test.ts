import { describe, expect, it } from "vitest";
import { keyedHash } from "@/lib/crypto/secrets";
import { getPool } from "@/lib/db/pool";
import { linkIdentities } from "@/lib/identity/link";
import { visitorStatus } from "@/lib/identity/status";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { line, order } from "../metrics/store-fixture";
import { unique } from "../helpers";
import { ANN, ev, identityStore } from "./support";

const person = async (workspaceId: string, anonymousId: string) => (await visitorStatus(workspaceId, anonymousId)).personKey;

async function linksOf(workspaceId: string, anonymousId: string) {
  const { rows } = await getPool().query<{ kind: string; value: string; method: string; person_key: string | null }>(
    "SELECT kind, value, method, person_key FROM identity_links WHERE workspace_id = $1 AND anonymous_id = $2 ORDER BY kind",
    [workspaceId, anonymousId],
  );
  return rows;
}

describe("linking visitors to customers", () => {
  it("an identify call links the member id and the email's keyed hash, and makes the visitor its customer", async () => {
    const { workspace, ann } = await identityStore();
    const v = unique("cid");
    await linkIdentities(workspace.id, [ev(v, "page_view")]);
    expect(await visitorStatus(workspace.id, v)).toEqual({ status: "anonymous", personKey: null });

    await linkIdentities(workspace.id, [ev(v, "identify", { userId: "member-1", properties: { email: ANN } })]);
    expect(await linksOf(workspace.id, v)).toEqual([
      { kind: "email", value: keyedHash(ANN), method: "identify", person_key: ann },
      { kind: "member", value: keyedHash("member-1"), method: "identify", person_key: null },
    ]);
    expect(await visitorStatus(workspace.id, v)).toEqual({ status: "known", personKey: ann });
    // The email itself is stored nowhere in the graph.
    const { rows } = await getPool().query("SELECT * FROM identity_links l JOIN identity_ties t USING (workspace_id) WHERE l.workspace_id = $1", [workspace.id]);
    expect(JSON.stringify(rows).toLowerCase()).not.toContain("ann@example.com");
  });

  it("a member id alone makes the visitor known, and the customer once that member id is seen with an email", async () => {
    const { workspace, ann } = await identityStore();
    const [phone, laptop] = [unique("cid"), unique("cid")];
    await linkIdentities(workspace.id, [ev(phone, "identify", { userId: "member-7" })]);
    expect(await visitorStatus(workspace.id, phone)).toEqual({ status: "known", personKey: null });
    await linkIdentities(workspace.id, [ev(laptop, "identify", { userId: "member-7", properties: { email: ANN } })]);
    expect(await person(workspace.id, phone)).toBe(ann);
    expect(await person(workspace.id, laptop)).toBe(ann);
  });

  it("checkout_completed links the order to its store customer", async () => {
    const { workspace, bob } = await identityStore();
    const v = unique("cid");
    await linkIdentities(workspace.id, [ev(v, "checkout_completed", { properties: { order_id: "gid://shopify/Order/9002" } })]);
    expect(await linksOf(workspace.id, v)).toEqual([{ kind: "order", value: "9002", method: "checkout_completed", person_key: bob }]);
    expect(await person(workspace.id, v)).toBe(bob);
  });

  it("an order synced after its checkout event links on a later pass", async () => {
    const { workspace, scope, bob } = await identityStore();
    const v = unique("cid");
    await linkIdentities(workspace.id, [ev(v, "checkout_completed", { properties: { order_id: 9100 } })]);
    expect(await visitorStatus(workspace.id, v)).toEqual({ status: "known", personKey: null });
    await upsertOrderBundles(scope, [order(9100, "2026-11-05T12:00:00Z", { customerId: 502n }, [line(9100, "Alpha", 1, "20.00")])]);
    await linkIdentities(workspace.id, [ev(unique("cid"), "page_view")]);
    expect(await person(workspace.id, v)).toBe(bob);
  });

  it("several visitors map to one customer", async () => {
    const { workspace, ann, bob } = await identityStore();
    const [phone, laptop, tablet] = [unique("cid"), unique("cid"), unique("cid")];
    await linkIdentities(workspace.id, [
      ev(phone, "identify", { properties: { email: ANN.toLowerCase() } }),
      ev(laptop, "checkout_completed", { properties: { order_id: "9001" } }),
      ev(tablet, "page_view", { properties: { customer_id: 501 } }),
    ]);
    for (const v of [phone, laptop, tablet]) expect(await person(workspace.id, v)).toBe(ann);
    expect(bob).not.toBe(ann);
  });

  it("a shared device with two member ids merges no one and is the person seen last", async () => {
    const { workspace, ann } = await identityStore();
    const shared = unique("cid");
    await linkIdentities(workspace.id, [ev(shared, "identify", { userId: "member-a", properties: { email: "zed@example.com" } })]);
    await linkIdentities(workspace.id, [ev(shared, "identify", { userId: "member-b", properties: { email: ANN } })]);
    expect(await person(workspace.id, shared)).toBe(ann);
    const { rows } = await getPool().query("SELECT 1 FROM identity_merges WHERE workspace_id = $1", [workspace.id]);
    expect(rows).toHaveLength(0);
  });

  it("leaves visitors of the same anonymous id in another workspace alone", async () => {
    const [a, b] = [await identityStore(), await identityStore()];
    const v = unique("cid");
    await linkIdentities(a.workspace.id, [ev(v, "identify", { properties: { email: ANN } })]);
    await linkIdentities(b.workspace.id, [ev(v, "page_view")]);
    expect(await visitorStatus(a.workspace.id, v)).toEqual({ status: "known", personKey: a.ann });
    expect(await visitorStatus(b.workspace.id, v)).toEqual({ status: "anonymous", personKey: null });
  });
});
