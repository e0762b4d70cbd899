import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as reportRoute } from "@/app/api/v1/workspaces/[slug]/reports/attribution/route";
import { runModelComparison } from "@/lib/attribution/comparison";
import { parseAttributionQuery } from "@/lib/attribution/report";
import { attributeOrders } from "@/lib/attribution/recompute";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { apiKey } from "../dashboards/support";
import { event } from "../customers/factory";
import { makeTag, tagPeople } from "../audiences/factory";
import { ORDER_AT, attributionStore, before, customer, link, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

async function report(slug: string, key: string, query: string) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/reports/attribution?${query}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await reportRoute(request, { params: Promise.resolve({ slug }) });
  const text = await response.text();
  return { status: response.status, text, body: response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null };
}

/**
 * Three customers, one order each on 2026-11-20, each matched to its visitor by the order id:
 * X (tagged): google 3 days before, email 1 day before, 10.00;
 * Y (not tagged): paid social 2 days before, 30.00;
 * Z (tagged): email 2 days before, 6.00.
 */
async function taggedStore() {
  const store = await attributionStore();
  const ws = store.workspace.id;
  const people = [
    { id: 1n, order: 9201, amount: "10.00", touches: [[3, "google"], [1, "email"]] },
    { id: 2n, order: 9202, amount: "30.00", touches: [[2, "paid_social"]] },
    { id: 3n, order: 9203, amount: "6.00", touches: [[2, "email"]] },
  ] as const;
  const keys: string[] = [];
  for (const p of people) {
    const v = unique("cid");
    await visitor(ws, v);
    for (const [days, channel] of p.touches) await session(ws, v, before(days), { channel });
    await refreshTouchpoints(ws, [v]);
    await link(ws, v, "order", String(p.order));
    await customer(store.scope, p.id, null);
    await placeOrder(store.scope, p.order, ORDER_AT, p.amount, p.id);
    // The customers' ledger (lib/customers) keys each order by its customer, after merges.
    const key = `c:${store.connection.id}:${p.id}`;
    await event(ws, { key, connectionId: store.connection.id, orderId: BigInt(p.order), day: "2026-11-20", netSales: p.amount });
    keys.push(key);
  }
  await attributeOrders(ws, people.map((p) => ({ connectionId: store.connection.id, orderId: BigInt(p.order) })));
  const tag = await makeTag(ws, "Regulars");
  // X and Z; a tracked visitor with the tag has no order to count.
  await tagPeople(ws, tag.id, [keys[0]!, keys[2]!, "v:anon-1"]);
  return { ...store, tag, viewer: await apiKey(ws, store.owner.id, "viewer") };
}

const RANGE = "date_from=2026-11-01&date_to=2026-11-30";
const rowsOf = (body: { rows: { key: string; attributed_orders: string; revenue: string }[] }) => body.rows.map((r) => [r.key, r.attributed_orders, r.revenue]);

describe("attribution of one tag's customers", () => {
  it("credits only the members' orders, by hand, on both bases and in the model comparison", async () => {
    const { workspace, viewer, tag } = await taggedStore();
    const everyone = await report(workspace.slug, viewer, `model=linear&window=7&${RANGE}`);
    expect(everyone.status).toBe(200);
    expect(everyone.body.tag).toBeNull();
    expect(rowsOf(everyone.body)).toEqual([["paid_social", "1.0000", "30.00"], ["email", "1.5000", "11.00"], ["google", "0.5000", "5.00"]]);
    expect(everyone.body.totals).toMatchObject({ attributed_orders: "3.0000", revenue: "46.00" });

    const tagged = await report(workspace.slug, viewer, `model=linear&window=7&${RANGE}&tag=${tag.id}`);
    expect(tagged.status).toBe(200);
    expect(tagged.body.tag).toBe(tag.id);
    expect(rowsOf(tagged.body)).toEqual([["email", "1.5000", "11.00"], ["google", "0.5000", "5.00"]]);
    // Each member's only order is their first: every credited order is a new customer's.
    expect(tagged.body.totals).toMatchObject({ attributed_orders: "2.0000", new_customer_orders: "2.0000", revenue: "16.00", ad_spend: null });
    expect(tagged.body.warnings.join(" ")).toMatch(/not spent per customer/);
    // The match rate is the range's, for every order.
    expect(tagged.body.match_rate).toMatchObject({ orders: 3, matched_orders: 3 });

    // Last touch: X's order goes to email. A window of 1 day keeps only X's email touch (Z's is 2 days old).
    expect(rowsOf((await report(workspace.slug, viewer, `model=last_touch&window=7&${RANGE}&tag=${tag.id}`)).body)).toEqual([["email", "2.0000", "16.00"]]);
    expect(rowsOf((await report(workspace.slug, viewer, `model=linear&window=1&${RANGE}&tag=${tag.id}`)).body)).toEqual([["email", "1.0000", "10.00"]]);

    // Accrual dates credit at the touch: on 2026-11-18 Y's paid social and Z's email, of which only Z is tagged.
    const day = "basis=accrual&model=first_touch&window=28&date_from=2026-11-18&date_to=2026-11-18";
    expect(rowsOf((await report(workspace.slug, viewer, day)).body)).toEqual([["paid_social", "1.0000", "30.00"], ["email", "1.0000", "6.00"]]);
    expect(rowsOf((await report(workspace.slug, viewer, `${day}&tag=${tag.id}`)).body)).toEqual([["email", "1.0000", "6.00"]]);

    const csv = await report(workspace.slug, viewer, `model=linear&window=7&${RANGE}&tag=${tag.id}&format=csv`);
    expect(csv.text.trim().split("\n").map((l) => l.split(",").slice(0, 4).join(","))).toEqual([
      "channel,attributed_orders,new_customer_orders,revenue", "email,1.5000,1.5000,11.00", "google,0.5000,0.5000,5.00",
    ]);

    const comparison = await runModelComparison(workspace.id, parseAttributionQuery(new URLSearchParams(`window=7&${RANGE}&tag=${tag.id}`)), "revenue");
    expect(comparison.rows.map((r) => [r.key, r.values.linear, r.values.first_touch, r.values.last_touch])).toEqual([
      ["email", "11.00", "6.00", "16.00"], ["google", "5.00", "10.00", "0.00"],
    ]);
    expect(comparison.totals.linear).toBe("16.00");
  });

  it("names tag in a 400 for an unknown tag, another workspace's, a malformed id, or deals; another workspace's key is a 404", async () => {
    const mine = await taggedStore();
    const theirs = await taggedStore();
    for (const [query, why] of [
      [`tag=${theirs.tag.id}`, "another workspace's tag"],
      ["tag=no-such-tag", "unknown"],
      ["tag=bad%20id", "malformed"],
      [`tag=${mine.tag.id}&conversion_type=deal`, "deals"],
    ] as const) {
      const answer = await report(mine.workspace.slug, mine.viewer, `${RANGE}&${query}`);
      expect(answer.status, why).toBe(400);
      expect(Object.keys(answer.body.error.fields), why).toEqual(["tag"]);
    }
    // Another workspace's tag reads exactly like an unknown one.
    const foreign = await report(mine.workspace.slug, mine.viewer, `${RANGE}&tag=${theirs.tag.id}`);
    const unknown = await report(mine.workspace.slug, mine.viewer, `${RANGE}&tag=no-such-tag`);
    expect(foreign.body).toEqual(unknown.body);
    expect((await report(mine.workspace.slug, theirs.viewer, `${RANGE}&tag=${theirs.tag.id}`)).status).toBe(404);

    const document = buildOpenApiDocument() as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    expect(document.paths["/api/v1/workspaces/{slug}/reports/attribution"]?.get?.parameters?.map((p) => p.name)).toContain("tag");
  });
});
