import Papa from "papaparse";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as reportRoute } from "@/app/api/v1/workspaces/[slug]/reports/attribution/route";
import { attributeOrders } from "@/lib/attribution/recompute";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { apiKey } from "../dashboards/support";
import { ORDER_AT, attributionStore, before, link, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

async function report(slug: string, key: string, query: string) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/reports/attribution?${query}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await reportRoute(request, { params: Promise.resolve({ slug }) });
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type") ?? "", text, body: response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null };
}

// Two orders of one visitor (google click 3 days before, email 1 day before) and one unmatched order.
async function attributed() {
  const store = await attributionStore();
  const ws = store.workspace.id;
  const v = unique("cid");
  await visitor(ws, v);
  await session(ws, v, before(3), { channel: "google", clickIdType: "gclid" });
  await session(ws, v, before(1), { channel: "email" });
  await refreshTouchpoints(ws, [v]);
  await link(ws, v, "order", "9101");
  await placeOrder(store.scope, 9101, ORDER_AT, "10.00");
  await placeOrder(store.scope, 9102, ORDER_AT, "5.00");
  await attributeOrders(ws, [9101n, 9102n].map((orderId) => ({ connectionId: store.connection.id, orderId })));
  return { ...store, viewer: await apiKey(ws, store.owner.id, "viewer") };
}

const RANGE = "date_from=2026-11-01&date_to=2026-11-30";

describe("GET /api/v1/workspaces/{slug}/reports/attribution", () => {
  it("answers the stored credits per channel with the match rate, as JSON and CSV", async () => {
    const { workspace, viewer } = await attributed();
    const linear = await report(workspace.slug, viewer, `model=linear&window=7&${RANGE}`);
    expect(linear.status).toBe(200);
    expect(linear.body).toMatchObject({
      model: "linear", window: 7, group_by: "channel", basis: "cash", paid_only: false, date_from: "2026-11-01", date_to: "2026-11-30", currency: "USD",
      match_rate: { orders: 2, matched_orders: 1, order_rate: 0.5, revenue_rate: 0.6667, band: "low" },
      rows: [
        { key: "email", attributed_orders: "0.5000", new_customer_orders: "0.0000", revenue: "5.00" },
        { key: "google", attributed_orders: "0.5000", new_customer_orders: "0.0000", revenue: "5.00" },
      ],
      totals: { attributed_orders: "1.0000", revenue: "10.00" },
    });
    const paid = await report(workspace.slug, viewer, `model=last_touch&window=7&paid_only=true&group_by=platform&${RANGE}`);
    expect(paid.body.rows).toEqual([expect.objectContaining({ key: "google_ads", label: "Google Ads", attributed_orders: "1.0000", new_customer_orders: "0.0000", revenue: "10.00" })]);
    const accrual = await report(workspace.slug, viewer, "model=first_touch&window=28&basis=accrual&date_from=2026-11-17&date_to=2026-11-17");
    expect(accrual.body.rows).toEqual([expect.objectContaining({ key: "google", revenue: "10.00" })]);

    const csv = await report(workspace.slug, viewer, `model=linear&window=7&format=csv&${RANGE}`);
    expect(csv.type).toMatch(/^text\/csv/);
    // The first four columns are the report's original ones; the ad platforms' side follows (empty without ad data).
    expect(Papa.parse<string[]>(csv.text.trim()).data).toEqual([
      ["channel", "attributed_orders", "new_customer_orders", "revenue", "ad_spend", "roas", "cac", "platform_conversions", "platform_roas", "conversions_difference", "roas_difference", "label"],
      ["email", "0.5000", "0.0000", "5.00", "", "", "", "", "", "", "", "Email"],
      ["google", "0.5000", "0.0000", "5.00", "", "", "", "", "", "", "", "Google"],
    ]);
  });

  it("refuses bad input with a 400 naming the parameter", async () => {
    const { workspace, viewer } = await attributed();
    for (const [query, field] of [
      ["model=gut_feeling", "model"],
      ["window=3", "window"],
      ["window=week", "window"],
      ["group_by=ad", "group_by"],
      ["basis=accounting", "basis"],
      ["paid_only=maybe", "paid_only"],
      ["format=xml", "format"],
      ["date_from=2026-13-01", "date_from"],
      ["date_from=2026-11-02&date_to=2026-11-01", "date_to"],
      ["modle=linear", "modle"],
      ["model=linear&model=first_touch", "model"],
    ] as const) {
      const answer = await report(workspace.slug, viewer, query);
      expect(answer.status, query).toBe(400);
      expect(Object.keys(answer.body.error.fields), query).toContain(field);
    }
  });

  it("answers 404 to another workspace's key, and is in the OpenAPI document", async () => {
    const mine = await attributed();
    const theirs = await attributionStore();
    const theirKey = await apiKey(theirs.workspace.id, theirs.owner.id, "owner");
    expect((await report(mine.workspace.slug, theirKey, RANGE)).status).toBe(404);
    expect((await report(theirs.workspace.slug, theirKey, `model=linear&window=7&${RANGE}`)).body).toMatchObject({ rows: [], match_rate: { orders: 0, band: null }, empty: "no_tracking" });
    const document = buildOpenApiDocument() as { paths: Record<string, { get?: { operationId?: string } }> };
    expect(document.paths["/api/v1/workspaces/{slug}/reports/attribution"]?.get?.operationId).toBe("getAttributionReport");
  });
});
