import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/workspaces/[slug]/exception-orders/route";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { apiKey } from "../dashboards/support";
import { exceptionOrder, storeWorkspace } from "./fixture";

// GET /api/v1/workspaces/{slug}/exception-orders: filters, CSV, bad input and tenancy.

async function get(slug: string, key: string, query = "") {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/exception-orders${query}`, { headers: { authorization: `Bearer ${key}` } });
  return GET(request, { params: Promise.resolve({ slug }) });
}

async function json(slug: string, key: string, query = "") {
  const response = await get(slug, key, query);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { orders: { name: string; reasons: string[]; admin_url: string | null; day: string }[] } };
}

const t = (iso: string) => new Date(iso);

async function populated() {
  const { owner, workspace, scope } = await storeWorkspace("America/New_York");
  await upsertOrderBundles(scope, [
    exceptionOrder(5001, t("2026-01-09T15:00:00Z"), { cancelledAt: t("2026-01-09T16:00:00Z"), financialStatus: "REFUNDED" }),
    exceptionOrder(5002, t("2026-01-10T15:00:00Z"), { riskLevel: "high" }),
    // 23:30 on 2026-01-10 in New York.
    exceptionOrder(5003, t("2026-01-11T04:30:00Z"), { financialStatus: "PENDING", riskLevel: "high" }),
    exceptionOrder(5004, t("2026-01-10T16:00:00Z")),
  ]);
  return { workspace, key: await apiKey(workspace.id, owner.id, "viewer") };
}

describe("the exception orders API", () => {
  it("lists a range's exception orders newest first, with reasons and a link to the store's admin", async () => {
    const { workspace, key } = await populated();
    const { status, body } = await json(workspace.slug, key, "?date_from=2026-01-09&date_to=2026-01-10");
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    expect(body.orders.map((o) => [o.name, o.day, o.reasons])).toEqual([
      ["#5003", "2026-01-10", ["payment_pending", "high_risk"]],
      ["#5002", "2026-01-10", ["high_risk"]],
      ["#5001", "2026-01-09", ["cancelled"]],
    ]);
    expect(body.orders[0]!.admin_url).toBe("https://admin.shopify.com/store/signalboard-demo/orders/5003");
  });

  it("filters by reason, status and day, and pages", async () => {
    const { workspace, key } = await populated();
    const names = async (query: string) => (await json(workspace.slug, key, query)).body.orders.map((o) => o.name);
    expect(await names("?date_from=2026-01-09&date_to=2026-01-10&reason=cancelled,payment_pending")).toEqual(["#5003", "#5001"]);
    expect(await names("?date_from=2026-01-09&date_to=2026-01-10&status=refunded")).toEqual(["#5001"]);
    expect(await names("?date_from=2026-01-10&date_to=2026-01-10")).toEqual(["#5003", "#5002"]);
    const page = await json(workspace.slug, key, "?date_from=2026-01-09&date_to=2026-01-10&limit=1&offset=1");
    expect([page.body.total, page.body.orders.map((o) => o.name)]).toEqual([3, ["#5002"]]);
    const past = await json(workspace.slug, key, "?date_from=2026-01-09&date_to=2026-01-10&offset=5");
    expect([past.body.total, past.body.orders]).toEqual([3, []]);
  });

  it("exports CSV with the reasons' labels", async () => {
    const { workspace, key } = await populated();
    const response = await get(workspace.slug, key, "?date_from=2026-01-09&date_to=2026-01-10&reason=high_risk&format=csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe("day,ordered_at,store,order,order_id,channel,currency,total,financial_status,reasons,admin_url");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 4).concat(l.split(",")[9]!))).toEqual([
      ["2026-01-10", "2026-01-11T04:30:00.000Z", "Signalboard Demo Store", "#5003", "Payment pending over 24 h; High fraud risk"],
      ["2026-01-10", "2026-01-10T15:00:00.000Z", "Signalboard Demo Store", "#5002", "High fraud risk"],
    ]);
    expect(response.headers.get("signalboard-total-rows")).toBe("2");
  });

  it("answers 400 naming the parameter at fault", async () => {
    const { workspace, key } = await populated();
    const fieldOf = async (query: string) => {
      const { status, body } = await json(workspace.slug, key, query);
      return [status, Object.keys((body.error as { fields?: Record<string, string> }).fields ?? {})];
    };
    expect(await fieldOf("?reason=lost")).toEqual([400, ["reason"]]);
    expect(await fieldOf("?status=PAID;DROP")).toEqual([400, ["status"]]);
    expect(await fieldOf("?date_from=09/01/2026")).toEqual([400, ["date_from"]]);
    expect(await fieldOf("?date_from=2026-01-10&date_to=2026-01-09")).toEqual([400, ["date_to"]]);
    expect(await fieldOf("?limit=0")).toEqual([400, ["limit"]]);
    expect(await fieldOf("?format=xml")).toEqual([400, ["format"]]);
    expect(await fieldOf("?sort=day")).toEqual([400, ["sort"]]);
  });

  it("never shows another workspace's orders: its slug is a 404 to this key", async () => {
    const { key } = await populated();
    const other = await populated();
    const response = await get(other.workspace.slug, key, "?date_from=2026-01-09&date_to=2026-01-10");
    expect(response.status).toBe(404);
  });
});
