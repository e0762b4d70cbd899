import { describe, expect, it, vi } from "vitest";
import { GET as cohortRoute } from "@/app/api/v1/workspaces/[slug]/reports/cohorts/route";
import { runCohortReport } from "@/lib/cohorts/report";
import { customerWorkspace, event, get, profile } from "../customers/factory";
import { apiKey } from "../dashboards/support";
import { makeTag, tagPeople } from "./factory";

vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

const NOW = new Date("2026-11-15T12:00:00Z");

/** Three customers: X (Sep, again in Oct), Z (Sep, once) and Y (Oct); X and Z have the tag. */
async function threeCustomers() {
  const base = await customerWorkspace();
  const ws = base.workspace.id;
  const people = { x: "c:t:1", z: "c:t:2", y: "c:t:3" };
  await profile(ws, { key: people.x, connectionId: base.shopId, firstDay: "2026-09-05", lastDay: "2026-10-10", orders: 2, netSales: "150" });
  await profile(ws, { key: people.z, connectionId: base.shopId, firstDay: "2026-09-20", orders: 1, netSales: "40" });
  await profile(ws, { key: people.y, connectionId: base.shopId, firstDay: "2026-10-01", orders: 1, netSales: "999" });
  await event(ws, { key: people.x, connectionId: base.shopId, orderId: 1n, day: "2026-09-05", netSales: "100" });
  await event(ws, { key: people.x, connectionId: base.shopId, orderId: 2n, day: "2026-10-10", netSales: "50" });
  await event(ws, { key: people.z, connectionId: base.shopId, orderId: 3n, day: "2026-09-20", netSales: "40" });
  await event(ws, { key: people.y, connectionId: base.shopId, orderId: 4n, day: "2026-10-01", netSales: "999" });
  const tag = await makeTag(ws, "Early birds");
  // A tracked visitor with no profile may have the tag too: there is nothing of theirs to count.
  await tagPeople(ws, tag.id, [people.x, people.z, "v:anon-1"]);
  return { ...base, people, tag };
}

describe("a tag as the cohort report's filter", () => {
  it("counts only the tag's members, by hand", async () => {
    const { workspace, tag } = await threeCustomers();
    const report = await runCohortReport(workspace.id, { period: "month", metric: "net_sales", date_from: "2026-09-01", date_to: "2026-10-31", tag: tag.id }, { now: NOW });
    expect(report.tag).toBe(tag.id);
    expect(report.rows.map((r) => [r.key, r.customers])).toEqual([["2026-09-01", 2]]);
    const sep = report.rows[0]!;
    expect(sep.cells.map((c) => c.values.active_customers)).toEqual([2, 1, 0]);
    expect(sep.cells.map((c) => c.values.net_sales)).toEqual(["140.00", "50.00", "0.00"]);
    expect(sep.ad_spend).toBeNull();
    expect(report.cac_applies).toBe(false);

    const everyone = await runCohortReport(workspace.id, { period: "month", metric: "net_sales", date_from: "2026-09-01", date_to: "2026-10-31" }, { now: NOW });
    // Everyone's report reads cohort_cells, which this test never built: the tag's cells come from the events themselves.
    expect(everyone.tag).toBeNull();
    expect(everyone.rows).toEqual([]);
  });

  it("takes tag=<id> in the API, and names an unknown or another workspace's tag in a 400", async () => {
    const { workspace, owner, tag } = await threeCustomers();
    const other = await threeCustomers();
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const path = `/api/v1/workspaces/${workspace.slug}/reports/cohorts`;
    const ok = await get(cohortRoute, `${path}?date_from=2026-09-01&date_to=2026-10-31&metric=customers&tag=${tag.id}`, { slug: workspace.slug }, key);
    expect(ok.status).toBe(200);
    expect((await ok.json()).rows.map((r: { customers: number }) => r.customers)).toEqual([2]);
    for (const bad of [other.tag.id, "no-such-tag", "bad%20id"]) {
      const response = await get(cohortRoute, `${path}?tag=${bad}`, { slug: workspace.slug }, key);
      expect(response.status, bad).toBe(400);
      expect((await response.json()).error.fields, bad).toHaveProperty("tag");
    }
  });
});
