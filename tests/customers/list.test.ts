import Papa from "papaparse";
import { describe, expect, it, vi } from "vitest";
import { GET as listRoute } from "@/app/api/v1/workspaces/[slug]/customers/route";
import { customerIdOf } from "@/lib/customers/customer-id";
import { listCustomers } from "@/lib/customers/list";
import { parseCustomerListQuery } from "@/lib/customers/query";
import { apiKey } from "../dashboards/support";
import { customerWorkspace, event, get, profile, storeCustomer } from "./factory";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const query = (qs = "") => parseCustomerListQuery(new URLSearchParams(qs));

/**
 * Four customers in a UTC workspace. Ann (two store ids, one email) first ordered 2026-01-05 and
 * again in February; Bob on 2026-01-20 only; Cy on 2026-02-02 with a discount code; Dee (no
 * email) on 2026-03-10, with a prediction.
 */
async function shop() {
  const { owner, workspace, shopId } = await customerWorkspace();
  const annHash = await storeCustomer(workspace.id, shopId, 11n, "ann.lee@example.com");
  await storeCustomer(workspace.id, shopId, 12n, "ann.lee@example.com");
  const bobHash = await storeCustomer(workspace.id, shopId, 21n, "bob@example.com");
  const ann = `e:${annHash}`;
  const bob = `e:${bobHash}`;
  const cy = `c:${shopId}:31`;
  const dee = `c:${shopId}:41`;
  await profile(workspace.id, {
    key: ann, emailHash: annHash, storeIds: [`${shopId}:11`, `${shopId}:12`], connectionId: shopId, firstDay: "2026-01-05", lastDay: "2026-02-14",
    channel: "google", products: ["101"], titles: ["Alpha Pro"], groups: ["gear"], tags: ["vip"], country: "US", orders: 2, netSales: "150.00", grossProfit: "90.00",
  });
  await profile(workspace.id, {
    key: bob, emailHash: bobHash, storeIds: [`${shopId}:21`], connectionId: shopId, firstDay: "2026-01-20",
    channel: "facebook", products: ["102"], titles: ["Beta"], groups: ["gear", "sale"], country: "GB", orders: 1, netSales: "40.00", grossProfit: "10.00",
  });
  await profile(workspace.id, {
    key: cy, storeIds: [`${shopId}:31`], connectionId: shopId, firstDay: "2026-02-02", channel: "google", products: ["title:gamma"], titles: ["Gamma"],
    codes: ["WELCOME10"], orders: 1, netSales: "75.50", grossProfit: "30.25",
  });
  await profile(workspace.id, {
    key: dee, storeIds: [`${shopId}:41`], connectionId: shopId, firstDay: "2026-03-10", channel: "direct", products: ["103"], titles: ["Delta"],
    orders: 3, netSales: "300.00", grossProfit: "120.00", predictedLtv12m: "410.1234", pActive: 0.81234,
  });
  await event(workspace.id, { key: ann, connectionId: shopId, orderId: 1n, day: "2026-01-05", netSales: "100.00" });
  await event(workspace.id, { key: ann, connectionId: shopId, orderId: 2n, day: "2026-02-14", netSales: "50.00" });
  await event(workspace.id, { key: bob, connectionId: shopId, orderId: 3n, day: "2026-01-20", netSales: "40.00" });
  await event(workspace.id, { key: cy, connectionId: shopId, orderId: 4n, day: "2026-02-02", netSales: "75.50" });
  return { owner, workspace, shopId, keys: { ann, bob, cy, dee } };
}

const ids = (list: { customers: { id: string }[] }) => list.customers.map((c) => c.id);

describe("customer list", () => {
  it("lists one row per profile with its facts, the last order first, predictions null without a model", async () => {
    const { workspace, keys } = await shop();
    const list = await listCustomers(workspace.id, query());
    expect(list.total).toBe(4);
    expect(list.currency).toBe("USD");
    expect(ids(list)).toEqual([keys.dee, keys.ann, keys.cy, keys.bob].map(customerIdOf));
    const ann = list.customers[1]!;
    expect(ann).toMatchObject({
      email: "a***@example.com", first_order_day: "2026-01-05", first_channel: "google", first_products: ["Alpha Pro"],
      orders: 2, net_sales: "150.00", gross_profit: "90.00", last_order_day: "2026-02-14", country: "US", predicted_ltv_12m: null, p_active: null,
    });
    expect(list.customers[0]).toMatchObject({ email: null, predicted_ltv_12m: "410.12", p_active: 0.8123 });
  });

  it("sorts by each column either way and pages with a total", async () => {
    const { workspace, keys } = await shop();
    expect(ids(await listCustomers(workspace.id, query("sort=net_sales&order=asc")))).toEqual([keys.bob, keys.cy, keys.ann, keys.dee].map(customerIdOf));
    expect(ids(await listCustomers(workspace.id, query("sort=first_order")))).toEqual([keys.dee, keys.cy, keys.bob, keys.ann].map(customerIdOf));
    expect(ids(await listCustomers(workspace.id, query("sort=orders")))[0]).toBe(customerIdOf(keys.dee));
    // Customers without a prediction come last whichever way predicted LTV is sorted.
    expect(ids(await listCustomers(workspace.id, query("sort=predicted_ltv&order=asc")))[0]).toBe(customerIdOf(keys.dee));
    const page = await listCustomers(workspace.id, query("sort=net_sales&order=asc&limit=2&offset=2"));
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 2 });
    expect(ids(page)).toEqual([keys.ann, keys.dee].map(customerIdOf));
  });

  it("finds a customer by email (any case), by any of its store ids, or by its id", async () => {
    const { workspace, keys } = await shop();
    expect(ids(await listCustomers(workspace.id, query("search=ANN.LEE@example.com")))).toEqual([customerIdOf(keys.ann)]);
    expect(ids(await listCustomers(workspace.id, query("search=12")))).toEqual([customerIdOf(keys.ann)]);
    expect(ids(await listCustomers(workspace.id, query("search=31")))).toEqual([customerIdOf(keys.cy)]);
    expect(ids(await listCustomers(workspace.id, query(`search=${customerIdOf(keys.bob)}`)))).toEqual([customerIdOf(keys.bob)]);
    expect((await listCustomers(workspace.id, query("search=nobody@example.com"))).total).toBe(0);
  });

  it("keeps a cohort's customers, and with an offset those who ordered in that period", async () => {
    const { workspace, keys } = await shop();
    expect(ids(await listCustomers(workspace.id, query("cohort=2026-01-01&grain=month&sort=first_order&order=asc")))).toEqual([keys.ann, keys.bob].map(customerIdOf));
    expect(ids(await listCustomers(workspace.id, query("cohort=2026-01-01&grain=month&active_offset=1")))).toEqual([customerIdOf(keys.ann)]);
    expect((await listCustomers(workspace.id, query("cohort=2026-01-01&grain=month&active_offset=2"))).total).toBe(0);
    expect(ids(await listCustomers(workspace.id, query("cohort=2026-01-01&grain=quarter&active_offset=0")))).toEqual([keys.ann, keys.cy, keys.bob].map(customerIdOf));
    // Week of Monday 2026-01-05: Ann only; active again six weeks later (2026-02-14 is in the week of 2026-02-09).
    expect(ids(await listCustomers(workspace.id, query("cohort=2026-01-05&grain=week&active_offset=5")))).toEqual([customerIdOf(keys.ann)]);
  });

  it("filters by the cohort segments, counting a customer in every value it has", async () => {
    const { workspace, keys } = await shop();
    const of = async (qs: string) => ids(await listCustomers(workspace.id, query(`${qs}&sort=first_order&order=asc`)));
    expect(await of("segment=channel&segment_value=google")).toEqual([keys.ann, keys.cy].map(customerIdOf));
    expect(await of("segment=product_group&segment_value=gear")).toEqual([keys.ann, keys.bob].map(customerIdOf));
    expect(await of("segment=product_group&segment_value=sale")).toEqual([customerIdOf(keys.bob)]);
    expect(await of("segment=product&segment_value=title:gamma")).toEqual([customerIdOf(keys.cy)]);
    expect(await of("segment=discount&segment_value=yes")).toEqual([customerIdOf(keys.cy)]);
    expect(await of("segment=discount&segment_value=no")).toEqual([keys.ann, keys.bob, keys.dee].map(customerIdOf));
    expect(await of("segment=discount_code&segment_value=welcome10")).toEqual([customerIdOf(keys.cy)]);
    expect(await of("segment=country&segment_value=unknown")).toEqual([keys.cy, keys.dee].map(customerIdOf));
    expect(await of("segment=country&segment_value=gb")).toEqual([customerIdOf(keys.bob)]);
    expect(await of("segment=tag&segment_value=vip")).toEqual([customerIdOf(keys.ann)]);
    expect(await of("segment=all&segment_value=all")).toHaveLength(4);
    expect(await of("cohort=2026-01-01&grain=month&segment=channel&segment_value=google")).toEqual([customerIdOf(keys.ann)]);
  });
});

describe("GET /api/v1/workspaces/{slug}/customers", () => {
  const path = (slug: string, qs = "") => `/api/v1/workspaces/${slug}/customers${qs ? `?${qs}` : ""}`;

  it("answers the list to a viewer's key, and 404 for another workspace's key", async () => {
    const { owner, workspace, keys } = await shop();
    const viewer = await apiKey(workspace.id, owner.id, "viewer");
    const response = await get(listRoute, path(workspace.slug, "sort=net_sales&limit=1"), { slug: workspace.slug }, viewer);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { customers: { id: string; email: string | null }[]; total: number };
    expect(body.total).toBe(4);
    expect(body.customers.map((c) => c.id)).toEqual([customerIdOf(keys.dee)]);

    const other = await customerWorkspace();
    const otherKey = await apiKey(other.workspace.id, other.owner.id, "owner");
    expect((await get(listRoute, path(workspace.slug), { slug: workspace.slug }, otherKey)).status).toBe(404);
    // The other workspace's own list holds none of these customers.
    const own = await get(listRoute, path(other.workspace.slug, "search=ann.lee@example.com"), { slug: other.workspace.slug }, otherKey);
    expect(((await own.json()) as { total: number }).total).toBe(0);
  });

  it.each([
    ["sort=name", "sort", "last_order, first_order, net_sales, orders, predicted_ltv"],
    ["order=up", "order", "desc, asc"],
    ["grain=day&cohort=2026-01-01", "grain", "week, month, quarter"],
    ["cohort=2026-01-01", "grain", "week, month, quarter"],
    ["cohort=2026-01-07&grain=week", "cohort", "Monday"],
    ["cohort=2026-02-01&grain=quarter", "cohort", "quarter"],
    ["cohort=2026-13-01&grain=month", "cohort", "YYYY-MM-DD"],
    ["active_offset=1", "active_offset", "cohort"],
    ["cohort=2026-01-01&grain=month&active_offset=-1", "active_offset", "whole number"],
    ["segment=colour&segment_value=red", "segment", "all, channel, product_group, product, discount, discount_code, country, tag"],
    ["segment=channel", "segment_value", "channel"],
    ["segment=discount&segment_value=maybe", "segment_value", "yes"],
    ["limit=0", "limit", "1 to 200"],
    ["offset=20000", "offset", "0 to 10000"],
    ["format=xml", "format", "json, csv"],
    ["search=Ann", "search", "email"],
    ["colour=red", "colour", "search, sort"],
    ["sort=orders&sort=net_sales", "sort", "once"],
  ])("refuses %s with a 400 naming %s", async (qs, parameter, hint) => {
    const { owner, workspace } = await customerWorkspace();
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const response = await get(listRoute, path(workspace.slug, qs), { slug: workspace.slug }, key);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; fields: Record<string, string> } };
    expect(Object.keys(body.error.fields)).toEqual([parameter]);
    expect(body.error.message).toContain(hint);
  });

  it("exports the filtered list as CSV with the currency in the header, emails masked", async () => {
    const { owner, workspace, keys } = await shop();
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const response = await get(listRoute, path(workspace.slug, "format=csv&segment=channel&segment_value=google&sort=net_sales&limit=1"), { slug: workspace.slug }, key);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("signalboard-total-rows")).toBe("2");
    const text = await response.text();
    expect(text).not.toContain("ann.lee@");
    const rows = Papa.parse<string[]>(text.trim()).data;
    expect(rows[0]).toEqual([
      "customer_id", "email", "first_order_day", "first_channel", "first_products", "orders",
      "net_sales (USD)", "gross_profit (USD)", "last_order_day", "country", "predicted_ltv_12m (USD)", "p_active",
    ]);
    // The whole filtered list, not the page the caller was on.
    expect(rows.slice(1).map((r) => [r[0], r[1], r[6]])).toEqual([
      [customerIdOf(keys.ann), "a***@example.com", "150.00"],
      [customerIdOf(keys.cy), "", "75.50"],
    ]);
  });
});

describe("the customers API in the OpenAPI document", () => {
  it("documents both routes with their parameters and examples that match the answer's schema", async () => {
    const { buildOpenApiDocument } = await import("@/lib/api/openapi/document");
    const { ZCustomerListSchema, ZCustomerProfileSchema } = await import("@/lib/customers/schema");
    const paths = buildOpenApiDocument().paths as Record<string, Record<string, { parameters: { name: string }[]; responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>>;
    const list = paths["/api/v1/workspaces/{slug}/customers"]!.get!;
    expect(list.parameters.map((p) => p.name)).toEqual(["slug", "search", "sort", "order", "limit", "offset", "cohort", "grain", "active_offset", "segment", "segment_value", "format"]);
    expect(ZCustomerListSchema.parse(list.responses["200"]!.content!["application/json"]!.example)).toBeTruthy();
    expect(list.responses["200"]!.content!["text/csv"]).toBeDefined();
    const one = paths["/api/v1/workspaces/{slug}/customers/{id}"]!.get!;
    expect(ZCustomerProfileSchema.parse(one.responses["200"]!.content!["application/json"]!.example)).toBeTruthy();
    expect(Object.keys(one.responses)).toEqual(expect.arrayContaining(["401", "404"]));
  });
});
