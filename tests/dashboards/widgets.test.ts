import { describe, expect, it } from "vitest";
import { formatChange, formatMetric, relativeChange, relativeTime } from "@/components/dashboard/format";
import { gridLayout, nextWidgetLayout, stackedLayout } from "@/components/dashboard/layout";
import { reportKey, reportSearchParams, widgetReportRequest } from "@/lib/dashboards/report-request";
import { draftConfig } from "@/components/dashboard/widget-editor";
import { shareSlices, sortRows } from "@/components/dashboard/widgets/rows";
import type { TWidget } from "@/lib/dashboards/schema";
import type { TReportRow } from "@/lib/metrics/report/types";

const config = { metrics: ["total_sales"], breakdown: null, filters: {}, sort: null, limit: 10 };
const widget = (id: string, layout: TWidget["layout"], type: TWidget["type"] = "kpi"): TWidget => ({ id, type, title: id, config, layout, problem: null });
const row = (key: string, value: string | number | null): TReportRow => ({ key, label: key.toUpperCase(), values: { m: value } });

describe("formatting", () => {
  it("formats exact decimal strings by metric format, and null as n/a", () => {
    expect(formatMetric("1234567.895", "money", "USD")).toBe("$1,234,567.90");
    expect(formatMetric("0.1", "money", "EUR")).toBe("€0.10");
    expect(formatMetric("1235", "money", "JPY")).toBe("¥1,235");
    expect(formatMetric("1.235", "money", "KWD")).toMatch(/^KWD\s1\.235$/);
    expect(formatMetric("0.2534", "percent", "USD")).toBe("25.3%");
    expect(formatMetric("3.256", "ratio", "USD")).toBe("3.26");
    expect(formatMetric(12045, "count", "USD")).toBe("12,045");
    expect(formatMetric(null, "money", "USD")).toBe("n/a");
    expect(formatMetric("2500", "money", "USD", true)).toBe("$2.5K");
  });

  it("keeps digits a float would lose", () => {
    expect(formatMetric("90071992547409.93", "money", "USD")).toBe("$90,071,992,547,409.93");
  });

  it("computes the change in exact decimals, null when there is nothing to compare with", () => {
    expect(relativeChange("110.00", "100.00")).toBe("0.1");
    expect(relativeChange(90, 100)).toBe("-0.1");
    expect(relativeChange("0.30", "0.10")).toBe("2");
    expect(relativeChange("-50", "-100")).toBe("0.5");
    expect(relativeChange("5", "0")).toBeNull();
    expect(relativeChange(null, "5")).toBeNull();
    expect(relativeChange("5", null)).toBeNull();
    expect(formatChange("0.125")).toBe("+12.5%");
    expect(formatChange("-0.03")).toBe("−3%");
    expect(formatChange("0")).toBe("0%");
  });

  it("says how long ago a sync was", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    expect(relativeTime("2026-06-01T11:55:00Z", now)).toBe("5 minutes ago");
    expect(relativeTime("2026-06-01T11:59:50Z", now)).toBe("just now");
    expect(relativeTime("2026-05-31T12:00:00Z", now)).toBe("yesterday");
  });
});

describe("rows", () => {
  it("keeps the top rows and sums the rest into Other for sums only", () => {
    const rows = [row("a", "10.10"), row("b", "30.00"), row("c", null), row("d", "0.20"), row("e", "5.05")];
    expect(shareSlices(rows, "m", true, 3)).toEqual([
      { name: "B", value: "30.00" },
      { name: "A", value: "10.10" },
      { name: "Other", value: "5.25" },
    ]);
    expect(shareSlices(rows, "m", false, 3).map((s) => s.name)).toEqual(["B", "A", "E"]);
    expect(shareSlices(rows, "m", true, 10)).toHaveLength(5);
  });

  it("sorts by exact value with n/a last, or by the breakdown key", () => {
    const rows = [row("2026-01-02", "9.5"), row("2026-01-01", null), row("2026-01-03", "10.25")];
    expect(sortRows(rows, { column: "m", direction: "desc" }, "label").map((r) => r.key)).toEqual(["2026-01-03", "2026-01-02", "2026-01-01"]);
    expect(sortRows(rows, { column: "m", direction: "asc" }, "label").map((r) => r.key)).toEqual(["2026-01-02", "2026-01-03", "2026-01-01"]);
    expect(sortRows(rows, { column: "label", direction: "asc" }, "label").map((r) => r.key)).toEqual(["2026-01-01", "2026-01-02", "2026-01-03"]);
    expect(sortRows(rows, null, "label")).toBe(rows);
  });
});

describe("layout", () => {
  const widgets = [widget("b", { x: 6, y: 0, w: 6, h: 3 }), widget("a", { x: 0, y: 0, w: 6, h: 2 }), widget("c", { x: 0, y: 3, w: 12, h: 4 })];

  it("stacks widgets in reading order in one column on a phone", () => {
    expect(stackedLayout(widgets).map(({ i, x, y, w, h }) => ({ i, x, y, w, h }))).toEqual([
      { i: "a", x: 0, y: 0, w: 1, h: 2 },
      { i: "b", x: 0, y: 2, w: 1, h: 3 },
      { i: "c", x: 0, y: 5, w: 1, h: 4 },
    ]);
    expect(stackedLayout(widgets).every((item) => item.isDraggable === false)).toBe(true);
    expect(gridLayout(widgets).find((item) => item.i === "b")).toMatchObject({ x: 6, y: 0, w: 6, h: 3 });
  });

  it("puts a new widget under everything else", () => {
    expect(nextWidgetLayout(widgets, "kpi")).toEqual({ x: 0, y: 7, w: 3, h: 2 });
    expect(nextWidgetLayout([], "table")).toEqual({ x: 0, y: 0, w: 12, h: 4 });
  });
});

describe("widget reports", () => {
  const range = { from: "2026-01-01", to: "2026-01-31" };

  it("asks KPI cards, charts and tables for the comparison, shares (donut, bar list) without it", () => {
    const kpi = widgetReportRequest(widget("k", { x: 0, y: 0, w: 3, h: 2 }), range, "previous_year");
    expect(kpi).toMatchObject({ group_by: "day", compare: "previous_year", date_from: "2026-01-01", date_to: "2026-01-31" });
    const bars = widgetReportRequest({ type: "bar", config: { ...config, filters: { platform: ["meta_ads"], channel: [] } } }, range, "previous_year");
    expect(bars).toMatchObject({ group_by: "channel", compare: "previous_year", filters: { platform: ["meta_ads"] } });
    expect(reportSearchParams(bars, "csv").toString()).toBe(
      "date_from=2026-01-01&date_to=2026-01-31&metrics=total_sales&group_by=channel&compare=previous_year&platform=meta_ads&format=csv",
    );
    for (const type of ["line", "area", "table"] as const) {
      expect(widgetReportRequest({ type, config }, range, "previous_period").compare, type).toBe("previous_period");
    }
    for (const type of ["donut", "bar_list"] as const) {
      expect(widgetReportRequest({ type, config }, range, "previous_period").compare, type).toBe("none");
    }
    // The preset travels with the request, so month to date compares with the same days of last month.
    const mtd = widgetReportRequest({ type: "line", config }, { from: "2026-01-01", to: "2026-01-20" }, "previous_period", "month_to_date");
    expect(reportSearchParams(mtd).get("period")).toBe("month_to_date");
    expect(reportKey(kpi)).not.toBe(reportKey({ ...kpi, compare: "none" }));
  });

  it("builds a widget config from the editor's values", () => {
    const values = { metrics: ["orders", "units"], breakdown: "" as const, filters: { platform: " google_ads, ,meta_ads " }, sortMetric: "units", sortDirection: "asc" as const, limit: 5 };
    expect(draftConfig("table", values)).toEqual({
      metrics: ["orders", "units"],
      breakdown: "day",
      filters: { platform: ["google_ads", "meta_ads"] },
      sort: { metric: "units", direction: "asc" },
      limit: 5,
    });
    expect(draftConfig("kpi", values)).toMatchObject({ breakdown: null, sort: null });
    expect(draftConfig("donut", { ...values, sortMetric: "gone" })).toMatchObject({ breakdown: "channel", sort: null });
  });
});
