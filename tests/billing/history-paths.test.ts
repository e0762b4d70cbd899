import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as customersRoute } from "@/app/api/v1/workspaces/[slug]/customers/route";
import { GET as exceptionsRoute } from "@/app/api/v1/workspaces/[slug]/exception-orders/route";
import { parseAttributionQuery, runAttributionReport } from "@/lib/attribution/report";
import { clampRange, HISTORY_NOTE_HEADER } from "@/lib/billing/history";
import { runLtvDrivers } from "@/lib/cohorts/drivers";
import { cohortsShown } from "@/lib/cohorts/report";
import { customerIdOf } from "@/lib/customers/customer-id";
import { listCustomers } from "@/lib/customers/list";
import { getCustomerProfile } from "@/lib/customers/profile";
import { parseCustomerListQuery } from "@/lib/customers/query";
import { listExceptionOrders } from "@/lib/exceptions/list";
import { runFunnelReport } from "@/lib/funnels/report";
import { ensureMonthPartitions, monthOf } from "@/lib/tracking/partitions";
import { parseExceptionListQuery } from "@/lib/exceptions/query";
import { addDays, localDate } from "@/lib/time/zone";
import { customerWorkspace, event, get, profile } from "../customers/factory";
import { apiKey } from "../dashboards/support";
import { storeStream } from "../funnels/support";
import { expectAppError } from "../helpers";
import { billingOn, onPlan } from "./limits-support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

beforeEach(billingOn);
afterEach(() => vi.unstubAllEnvs());

const today = localDate(new Date(), "UTC");
/** Free shows 90 days: today and the 89 before it. */
const earliest = addDays(today, -89);
const FREE_NOTE = `The Free plan shows the last 90 days, from ${earliest}; older data is kept, not shown. Growth allows 730: an owner can upgrade under Settings, Billing.`;

describe("the one rule for a requested range", () => {
  const window = { earliest: "2026-09-01", note: "note" };
  it("keeps a range from the earliest day itself, moves an older start to it with the note, and refuses (402) one that ends before it", () => {
    expect(clampRange({ from: "2026-09-01", to: "2026-09-30" }, window)).toEqual({ from: "2026-09-01", to: "2026-09-30", note: null });
    expect(clampRange({ from: "2026-08-31", to: "2026-09-30" }, window)).toEqual({ from: "2026-09-01", to: "2026-09-30", note: "note" });
    expect(clampRange({ from: null, to: null }, window)).toEqual({ from: "2026-09-01", to: null, note: "note" });
    expect(clampRange({ from: "2026-08-01", to: "2026-09-01" }, window).from).toBe("2026-09-01");
    expect(() => clampRange({ from: "2026-08-01", to: "2026-08-31" }, window)).toThrow(/This range ends before 2026-09-01\. note/);
    expect(clampRange({ from: "2020-01-01", to: "2020-01-31" }, null)).toEqual({ from: "2020-01-01", to: "2020-01-31", note: null });
  });

  it("starts cohorts with the first whole period from the earliest day", () => {
    const range = { fromCohort: "2026-06-01", toCohort: "2026-12-01", dateTo: "2026-12-05" };
    const shown = cohortsShown(range, "month", { earliest: "2026-09-07", note: "note" });
    expect(shown).toMatchObject({ fromCohort: "2026-10-01", toCohort: "2026-12-01" });
    expect(shown.warning).toContain("note");
    expect(cohortsShown(range, "month", { earliest: "2026-09-01", note: "note" }).fromCohort).toBe("2026-09-01");
    expect(cohortsShown(range, "month", null)).toEqual({ ...range, warning: null });
    expect(() => cohortsShown({ ...range, toCohort: "2026-07-01" }, "quarter", { earliest: "2026-07-03", note: "note" })).toThrow(/No whole quarter cohort/);
  });
});

/** A customer who last ordered 100 days ago, and one who ordered then and 10 days ago. */
async function customers() {
  const { owner, workspace, shopId } = await customerWorkspace();
  const old = addDays(today, -100);
  await profile(workspace.id, { key: "c:shop:1", connectionId: shopId, firstDay: old, netSales: "40.00", netSales90: "40.00" });
  await profile(workspace.id, { key: "c:shop:2", connectionId: shopId, firstDay: old, lastDay: addDays(today, -10), orders: 2, netSales: "90.00" });
  await event(workspace.id, { key: "c:shop:2", connectionId: shopId, orderId: 1n, day: old, netSales: "40.00" });
  await event(workspace.id, { key: "c:shop:2", connectionId: shopId, orderId: 2n, day: addDays(today, -10), netSales: "50.00" });
  await event(workspace.id, { key: "c:shop:2", connectionId: shopId, orderId: 3n, day: earliest, netSales: "5.00" });
  return { owner, workspace };
}

describe("customers beyond the plan's days", () => {
  it("lists only customers with an order in the days shown, and a profile's orders from the earliest day on, each saying so", async () => {
    const { workspace } = await customers();
    await onPlan(workspace.id, "free");
    const list = await listCustomers(workspace.id, parseCustomerListQuery(new URLSearchParams()));
    expect(list.customers.map((c) => c.id)).toEqual([customerIdOf("c:shop:2")]);
    expect(list.total).toBe(1);
    expect(list.history_note).toBe(FREE_NOTE);

    const shown = await getCustomerProfile(workspace.id, customerIdOf("c:shop:2"), { revealEmail: true });
    // The order on the earliest day itself is shown; the one a day before it is not.
    expect(shown.timeline.map((e) => e.order_id)).toEqual(["2", "3"]);
    expect(shown.history_note).toBe(FREE_NOTE);

    // Kept, not deleted: a plan that shows more shows them again.
    await onPlan(workspace.id, "growth");
    expect((await listCustomers(workspace.id, parseCustomerListQuery(new URLSearchParams()))).total).toBe(2);
    const growth = await getCustomerProfile(workspace.id, customerIdOf("c:shop:2"), { revealEmail: true });
    expect(growth.timeline).toHaveLength(3);
    expect(growth.history_note).toContain("The Growth plan shows the last 730 days");
  });

  it("cuts the CSV export the same way and says so in a header; another workspace's key gets the 404", async () => {
    const { owner, workspace } = await customers();
    await onPlan(workspace.id, "free");
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const csv = await get(customersRoute, `/api/v1/workspaces/${workspace.slug}/customers?format=csv`, { slug: workspace.slug }, key);
    expect(csv.status).toBe(200);
    expect(csv.headers.get(HISTORY_NOTE_HEADER)).toBe(FREE_NOTE);
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(2);

    const other = await customers();
    const stranger = await apiKey(other.workspace.id, other.owner.id, "owner");
    expect((await get(customersRoute, `/api/v1/workspaces/${workspace.slug}/customers`, { slug: workspace.slug }, stranger)).status).toBe(404);
  });

  it("hides nothing with billing off", async () => {
    const { workspace } = await customers();
    await onPlan(workspace.id, "free");
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    const list = await listCustomers(workspace.id, parseCustomerListQuery(new URLSearchParams()));
    expect(list.total).toBe(2);
    expect(list.history_note).toBeNull();
    expect((await getCustomerProfile(workspace.id, customerIdOf("c:shop:2"), { revealEmail: true })).timeline).toHaveLength(3);
  });

  it("leaves customers whose first order is older out of the LTV drivers", async () => {
    const { workspace, shopId } = await customerWorkspace();
    await profile(workspace.id, { key: "c:shop:3", connectionId: shopId, firstDay: addDays(today, -200), netSales: "10.00" });
    await profile(workspace.id, { key: "c:shop:4", connectionId: shopId, firstDay: addDays(today, -30), netSales: "10.00" });
    const request = { window: "90" as const, dimensions: ["channel" as const] };
    await onPlan(workspace.id, "free");
    const free = await runLtvDrivers(workspace.id, request);
    expect(free.overall.customers).toBe(0);
    expect(free.history_note).toBe(FREE_NOTE);
    await onPlan(workspace.id, "scale");
    expect((await runLtvDrivers(workspace.id, request)).overall.customers).toBe(1);
  });
});

describe("range reports beyond the plan's days", () => {
  it("start exception orders at the earliest day, refuse a range wholly older with 402, and cut the CSV", async () => {
    const { owner, workspace } = await customerWorkspace();
    await onPlan(workspace.id, "free");
    const query = (from: string, to: string) => parseExceptionListQuery(new URLSearchParams({ date_from: from, date_to: to }), today);
    const cut = await listExceptionOrders(workspace.id, query(addDays(today, -120), today));
    expect(cut).toMatchObject({ date_from: earliest, date_to: today, history_note: FREE_NOTE });
    const inside = await listExceptionOrders(workspace.id, query(earliest, today));
    expect(inside).toMatchObject({ date_from: earliest, history_note: null });
    await expectAppError(listExceptionOrders(workspace.id, query(addDays(today, -120), addDays(today, -90))), "payment_required");

    const key = await apiKey(workspace.id, owner.id, "viewer");
    const path = `/api/v1/workspaces/${workspace.slug}/exception-orders?format=csv&date_from=${addDays(today, -120)}`;
    const csv = await get(exceptionsRoute, path, { slug: workspace.slug }, key);
    expect(csv.headers.get(HISTORY_NOTE_HEADER)).toBe(FREE_NOTE);
    const old = await get(exceptionsRoute, `/api/v1/workspaces/${workspace.slug}/exception-orders?date_from=${addDays(today, -120)}&date_to=${addDays(today, -100)}`, { slug: workspace.slug }, key);
    expect(old.status).toBe(402);
  });

  it("start attribution at the earliest day with the note, and not at all with billing off", async () => {
    const { workspace } = await customerWorkspace();
    await onPlan(workspace.id, "free");
    const query = parseAttributionQuery(new URLSearchParams({ date_from: addDays(today, -120), date_to: today }));
    const report = await runAttributionReport(workspace.id, query);
    expect(report).toMatchObject({ date_from: earliest, date_to: today, history_note: FREE_NOTE });
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    expect(await runAttributionReport(workspace.id, query)).toMatchObject({ date_from: addDays(today, -120), history_note: null });
  });

  it("start a funnel at the earliest day: a visitor who entered before it is not counted until a plan shows that day", async () => {
    const { workspace } = await customerWorkspace();
    const noonOf = (day: string) => `${day}T12:00:00Z`;
    const minuteAfter = (day: string) => `${day}T12:01:00Z`;
    const old = addDays(today, -100);
    const recent = addDays(today, -10);
    await ensureMonthPartitions([monthOf(new Date(noonOf(old))), monthOf(new Date(noonOf(recent)))]);
    await storeStream(workspace.id, [
      { visitor: "old", at: noonOf(old), event: "page_view" },
      { visitor: "old", at: minuteAfter(old), event: "quiz_finished" },
      { visitor: "recent", at: noonOf(recent), event: "page_view" },
      { visitor: "recent", at: minuteAfter(recent), event: "quiz_finished" },
    ]);
    const definition = { steps: [{ event: "page_view" }, { event: "quiz_finished" }], window_days: 3, count_by: "visitor" as const, breakdown: null };
    const range = { date_from: addDays(today, -120), date_to: today };
    await onPlan(workspace.id, "free");
    const free = await runFunnelReport(workspace.id, definition, range);
    expect(free).toMatchObject({ date_from: earliest, date_to: today, history_note: FREE_NOTE });
    expect(free.total.steps.map((s) => s.count)).toEqual([1, 1]);
    await onPlan(workspace.id, "growth");
    const growth = await runFunnelReport(workspace.id, definition, range);
    expect(growth).toMatchObject({ date_from: range.date_from, history_note: null });
    expect(growth.total.steps.map((s) => s.count)).toEqual([2, 2]);
  });
});
