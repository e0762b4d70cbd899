import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import * as widgets from "@/app/api/v1/workspaces/[slug]/dashboards/[id]/widgets/route";
import * as widget from "@/app/api/v1/workspaces/[slug]/dashboards/[id]/widgets/[widgetId]/route";
import * as list from "@/app/api/v1/workspaces/[slug]/dashboards/route";
import { PivotWidget } from "@/components/dashboard/widgets/pivot-widget";
import { buildPivot, LABEL_COLUMN, OTHER_KEY, sortPivotRows, TOTAL_COLUMN } from "@/lib/dashboards/pivot";
import { pivotCsv } from "@/lib/dashboards/pivot-csv";
import { widgetReportRequest } from "@/lib/dashboards/report-request";
import type { TWidget, TWidgetInput } from "@/lib/dashboards/schema";
import { runReport } from "@/lib/metrics/report/run";
import type { TReport } from "@/lib/metrics/report/types";
import { breakdownStore, MUG, TEE } from "../metrics/breakdown-fixture";
import { D1, D3 } from "../metrics/store-fixture";
import { apiKey, call, errorFields } from "./support";

// Callers authenticate with real API keys; only the browser session is stubbed out (never present).
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const METRICS = ["net_sales", "gross_sales", "returns", "units", "orders"];
const range = { from: D1, to: D3 };

const pivotWidget = (pivot: Record<string, unknown>, metrics = METRICS): TWidgetInput => ({
  type: "pivot",
  title: "Products by country",
  config: { metrics, pivot } as TWidgetInput["config"],
  layout: { x: 0, y: 0, w: 12, h: 6 },
});

async function setup() {
  const store = await breakdownStore();
  const key = await apiKey(store.workspaceId, store.ownerId, "member");
  const created = await call(list.POST, { method: "POST", key, params: { slug: store.slug }, body: { name: "Pivots" } });
  return { ...store, key, dashboardId: created.body!.id as string };
}

async function pivotReport(workspaceId: string, shown: TWidget): Promise<TReport> {
  return runReport(workspaceId, widgetReportRequest(shown, range, "previous_period"));
}

describe("pivot-table widget", () => {
  it("adds a product x country pivot and refuses unknown or three dimensions, N out of range and metrics that do not add up, naming the field", async () => {
    const { slug, key, dashboardId } = await setup();
    const params = { slug, id: dashboardId };
    const added = await call(widgets.POST, { method: "POST", key, params, body: pivotWidget({ dimensions: ["product", "country"] }) });
    expect(added.status).toBe(201);
    // Defaults filled in; a pivot has no breakdown or sort of its own.
    expect(added.body).toMatchObject({ type: "pivot", problem: null, config: { breakdown: null, sort: null, pivot: { dimensions: ["product", "country"], top_rows: 10, top_columns: 6 } } });

    const refused = async (body: TWidgetInput) => {
      const result = await call(widgets.POST, { method: "POST", key, params, body });
      expect(result.status).toBe(400);
      return errorFields(result);
    };
    const unknown = await refused(pivotWidget({ dimensions: ["product", "planet"] }));
    expect(unknown["config.pivot.dimensions"]).toMatch(/Unknown pivot dimension "planet".*Use two of: .*product.*country/);
    const three = await refused(pivotWidget({ dimensions: ["product", "country", "region"] }));
    expect(three["config.pivot.dimensions"]).toMatch(/exactly two dimensions .* not 3\. Use two of: /);
    expect((await refused(pivotWidget({ dimensions: ["country"] })))["config.pivot.dimensions"]).toMatch(/not 1/);
    expect((await refused(pivotWidget({ dimensions: ["country", "country"] })))["config.pivot.dimensions"]).toMatch(/named twice/);
    // A time unit breaks a report down on its own; product groups overlap.
    expect((await refused(pivotWidget({ dimensions: ["day", "country"] })))["config.pivot.dimensions"]).toMatch(/Unknown pivot dimension "day"/);
    expect((await refused(pivotWidget({ dimensions: ["product_group", "country"] })))["config.pivot.dimensions"]).toMatch(/"product_group"/);
    expect(Object.keys(await refused(pivotWidget({ dimensions: ["product", "country"], top_rows: 0 })))).toEqual(["config.pivot.top_rows"]);
    expect((await refused(pivotWidget({ dimensions: ["product", "country"], top_rows: 51 })))["config.pivot.top_rows"]).toMatch(/at most 50/);
    expect(Object.keys(await refused(pivotWidget({ dimensions: ["product", "country"], top_columns: 21 })))).toEqual(["config.pivot.top_columns"]);
    expect(Object.keys(await refused(pivotWidget({ dimensions: ["product", "country"], top_columns: 2.5 })))).toEqual(["config.pivot.top_columns"]);
    expect((await refused(pivotWidget({ dimensions: ["product", "country"] }, ["net_sales", "aov"])))["config.metrics"]).toMatch(/aov does not add up/);
    expect(Object.keys(await refused(pivotWidget({ dimensions: ["product", "country"] }, ["ghost_metric"])))).toEqual(["config.metrics"]);
    expect(Object.keys(await refused({ ...pivotWidget({}), config: { metrics: ["net_sales"] } }))).toEqual(["config.pivot.dimensions"]);

    // Turning a table into a pivot needs a pivot config.
    const table = await call(widgets.POST, { method: "POST", key, params, body: { type: "table", title: "T", config: { metrics: ["net_sales"] }, layout: { x: 0, y: 6, w: 12, h: 4 } } });
    const changed = await call(widget.PATCH, { method: "PATCH", key, params: { ...params, widgetId: table.body!.id as string }, body: { type: "pivot" } });
    expect(changed.status).toBe(400);
    expect(Object.keys(errorFields(changed))).toEqual(["config"]);
  });

  it("shows the top row and column with Other as the exact remainder, so every total equals the ungrouped total (a refund and an excluded line included)", async () => {
    const { workspaceId, slug, key, dashboardId } = await setup();
    const added = await call(widgets.POST, { method: "POST", key, params: { slug, id: dashboardId }, body: pivotWidget({ dimensions: ["product", "country"], top_rows: 1, top_columns: 1 }) });
    const shown = added.body as unknown as TWidget;
    const report = await pivotReport(workspaceId, shown);
    // A pivot reads one range: nothing to compare.
    expect(report.compare).toBe("none");
    const pivot = buildPivot(report, 1, 1);

    // By net sales: Classic Tee (61.00) before Mug (42.00); US (103.00) before Canada (0.00).
    expect(pivot.columns.map((c) => [c.key, c.label, c.total])).toEqual([
      ["US", "United States", { net_sales: "103.00", gross_sales: "110.00", returns: "0.00", units: 6, orders: null }],
      [OTHER_KEY, "Other", { net_sales: "0.00", gross_sales: "20.00", returns: "20.00", units: 1, orders: null }],
    ]);
    expect(pivot.rows.map((r) => [r.key, r.label, r.cells.US, r.cells[OTHER_KEY], r.total])).toEqual([
      // Tee: O1 2 x 20.00 less 4.00 and O3 25.00 in the US; O2's 20.00 in Canada refunded in full.
      [String(TEE), "Classic Tee",
        { net_sales: "61.00", gross_sales: "65.00", returns: "0.00", units: 3, orders: null },
        { net_sales: "0.00", gross_sales: "20.00", returns: "20.00", units: 1, orders: null },
        { net_sales: "61.00", gross_sales: "85.00", returns: "20.00", units: 4, orders: null }],
      // Other is the Mug: 15.00 and 2 x 15.00 less 3.00, all in the US; the 5.00 fee line is excluded.
      [OTHER_KEY, "Other",
        { net_sales: "42.00", gross_sales: "45.00", returns: "0.00", units: 3, orders: null },
        { net_sales: "0.00", gross_sales: "0.00", returns: "0.00", units: 0, orders: null },
        { net_sales: "42.00", gross_sales: "45.00", returns: "0.00", units: 3, orders: null }],
    ]);
    expect(pivot.grandTotal).toEqual({ net_sales: "103.00", gross_sales: "130.00", returns: "20.00", units: 7, orders: null });

    // The same figures as the report with no breakdown at all.
    const ungrouped = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["net_sales", "gross_sales", "returns", "units"] });
    for (const id of ["net_sales", "gross_sales", "returns", "units"]) expect(pivot.grandTotal[id], id).toEqual(ungrouped.totals[id]);

    // With room for everything there is no Other, and the totals are unchanged.
    const whole = buildPivot(report, 10, 10);
    expect(whole.rows.map((r) => r.key)).toEqual([String(TEE), String(MUG)]);
    expect(whole.columns.map((c) => c.key)).toEqual(["US", "CA"]);
    expect(whole.rows[1]!.cells.CA).toEqual({ net_sales: null, gross_sales: null, returns: null, units: null, orders: null });
    expect(whole.grandTotal).toEqual(pivot.grandTotal);
  });

  it("sorts by any column with Other kept last, and downloads what is shown as CSV", async () => {
    const { workspaceId, slug, key, dashboardId } = await setup();
    const added = await call(widgets.POST, { method: "POST", key, params: { slug, id: dashboardId }, body: pivotWidget({ dimensions: ["product", "country"], top_rows: 5, top_columns: 1 }) });
    const pivot = buildPivot(await pivotReport(workspaceId, added.body as unknown as TWidget), 5, 1);
    const order = (column: string, direction: "asc" | "desc", metric = "net_sales") => sortPivotRows(pivot.rows, { column, direction }, metric).map((r) => r.label);
    expect(order(TOTAL_COLUMN, "asc")).toEqual(["Mug", "Classic Tee"]);
    expect(order(TOTAL_COLUMN, "desc")).toEqual(["Classic Tee", "Mug"]);
    // The Other column (Canada): the Tee's 20.00 returned against the Mug's nothing there.
    expect(order(OTHER_KEY, "desc", "returns")).toEqual(["Classic Tee", "Mug"]);
    expect(order(LABEL_COLUMN, "desc")).toEqual(["Mug", "Classic Tee"]);
    const withOther = buildPivot(await pivotReport(workspaceId, added.body as unknown as TWidget), 1, 1);
    expect(sortPivotRows(withOther.rows, { column: TOTAL_COLUMN, direction: "asc" }, "net_sales").map((r) => r.label)).toEqual(["Classic Tee", "Other"]);

    const metric = pivot.metrics.find((m) => m.id === "net_sales")!;
    const csv = pivotCsv(pivot, metric, sortPivotRows(pivot.rows, { column: TOTAL_COLUMN, direction: "asc" }, "net_sales"), ["Product", "Country"]);
    expect(csv).toBe(
      ["Product / Country (Net sales),United States,Other,Total", "Mug,42.00,0.00,42.00", "Classic Tee,61.00,0.00,61.00", "Total,103.00,0.00,103.00", ""].join("\r\n"),
    );
  });

  it("renders rows, Other, totals and a sticky first column inside a sideways-scrolling card, and an empty state", async () => {
    const { workspaceId, slug, key, dashboardId } = await setup();
    const added = await call(widgets.POST, { method: "POST", key, params: { slug, id: dashboardId }, body: pivotWidget({ dimensions: ["product", "country"], top_rows: 1, top_columns: 1 }) });
    const shown = added.body as unknown as TWidget;
    const report = await pivotReport(workspaceId, shown);
    const html = renderToStaticMarkup(createElement(PivotWidget, { report, pivot: shown.config.pivot!, title: shown.title }));
    expect(html).toContain('class="min-h-0 flex-1 overflow-auto" data-testid="pivot-scroll"');
    expect(html).toMatch(/<th scope="row" class="sticky left-0[^"]*"[^>]*>Classic Tee<\/th>/);
    expect(html).toMatch(/data-other="true"[^>]*><th[^>]*>Other<\/th><td[^>]*>\$42\.00<\/td><td[^>]*>\$0\.00<\/td><td[^>]*>\$42\.00<\/td>/);
    expect(html).toMatch(/data-testid="pivot-grand-total">\$103\.00</);
    // Every header is a button, so sorting works from the keyboard too.
    expect(html.match(/data-testid="pivot-sort"/g)).toHaveLength(4);
    expect(html).toContain("Product \\ Country");
    // Several metrics: one shown at a time, picked above the table.
    expect(html).toContain('aria-label="Metric shown"');

    const empty = await runReport(workspaceId, { ...widgetReportRequest(shown, { from: "2025-01-01", to: "2025-01-05" }, "none") });
    const nothing = renderToStaticMarkup(createElement(PivotWidget, { report: empty, pivot: shown.config.pivot!, title: shown.title }));
    expect(nothing).toContain("No data in this range.");
  });
});
