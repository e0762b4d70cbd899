import { describe, expect, it } from "vitest";
import { chartSeries } from "@/components/dashboard/widgets/series";
import { runReport } from "@/lib/metrics/report/run";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { D1, D2, D3, setup } from "../metrics/store-fixture";

// A chart's series come from a real report over the hand-built store (tests/metrics/store-fixture.ts).

describe("chart series", () => {
  it("plots a previous-period line beside each metric, day by day", async () => {
    const workspaceId = await setup();
    await rebuildRollups(workspaceId, { fromDay: "2026-01-01", toDay: D3 });
    const report = await runReport(workspaceId, { date_from: D2, date_to: D3, metrics: ["gross_sales", "orders"], group_by: "day", compare: "previous_period" });
    const metrics = report.metrics;
    const { data, categories, colors } = chartSeries(report, metrics);

    const label = report.compare_range!.label;
    expect(categories).toEqual(["Gross sales", "Orders", `Gross sales (vs ${label})`, `Orders (vs ${label})`]);
    expect(colors).toHaveLength(4);
    expect(new Set(colors).size).toBe(4);
    // Each point holds the day's values and those of the comparison day beside it, as numbers.
    expect(data).toEqual(
      report.rows.map((row) => ({
        label: row.label,
        "Gross sales": Number(row.values.gross_sales),
        Orders: row.values.orders,
        [`Gross sales (vs ${label})`]: Number(row.compare!.gross_sales),
        [`Orders (vs ${label})`]: row.compare!.orders,
      })),
    );
    // D3 stands beside D1, whose orders (B and C) the engine reads from the rollups.
    const d1 = await runReport(workspaceId, { date_from: D1, date_to: D1, metrics: ["gross_sales", "orders"] });
    expect(data.at(-1)).toMatchObject({ [`Gross sales (vs ${label})`]: Number(d1.totals.gross_sales), [`Orders (vs ${label})`]: d1.totals.orders });
  });

  it("plots only the range when the report does not compare", async () => {
    const workspaceId = await setup();
    await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
    const report = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["orders"], group_by: "day" });
    const { data, categories } = chartSeries(report, report.metrics);
    expect(categories).toEqual(["Orders"]);
    expect(data.map((point) => Object.keys(point))).toEqual(report.rows.map(() => ["label", "Orders"]));
  });
});
