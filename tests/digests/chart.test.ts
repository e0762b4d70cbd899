import { describe, expect, it } from "vitest";
import { readTrend, renderTrendChart, type TrendSeries } from "@/lib/digests/chart";
import { axisTicks, chartSvg, CHART_HEIGHT, CHART_WIDTH } from "@/lib/digests/chart/svg";
import { CHART_SCALE } from "@/lib/digests/chart/png";
import { pointLabel } from "@/lib/digests/chart/series";
import { rangeFor } from "@/lib/digests/schedule";
import { formatMetric } from "@/lib/metrics/report/format";
import { runReport } from "@/lib/metrics/report/run";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { addDays } from "@/lib/time/zone";
import { D2, D3, setup } from "../metrics/store-fixture";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function series(amounts: (string | null)[], format: "money" | "percent" = "money"): TrendSeries {
  return {
    metric: { id: "total_sales", label: "Total sales", format, description: "" },
    currency: "USD",
    unit: "day",
    points: amounts.map((value, i) => {
      const key = addDays("2026-11-21", i);
      return { key, label: pointLabel(key, "day"), value };
    }),
    rangeLabel: "21 Nov – 4 Dec 2026",
  };
}

const FORTNIGHT = ["1200.50", "980.00", "1410.25", "1333.00", "875.40", "1502.99", "1620.00", "1100.00", "990.10", "1250.00", "1480.75", "1390.00", "1010.00", "1712.34"];

describe("the digest's trend chart", () => {
  it("is a PNG at twice the chart's size, the same bytes for the same series and different ones for another", async () => {
    const first = await renderTrendChart(series(FORTNIGHT));
    expect(pngSize(first.png)).toEqual({ width: CHART_WIDTH * CHART_SCALE, height: CHART_HEIGHT * CHART_SCALE });
    // A drawn chart, not an empty canvas: a blank 1200×480 PNG compresses to well under 2 KB.
    expect(first.png.length).toBeGreaterThan(8_000);
    const again = await renderTrendChart(series(FORTNIGHT));
    expect(again.png.equals(first.png)).toBe(true);
    const other = await renderTrendChart(series([...FORTNIGHT.slice(0, -1), "2712.34"]));
    expect(other.png.equals(first.png)).toBe(false);
  });

  it("says the metric, the window and the reported day's value in its alt text", async () => {
    const { alt } = await renderTrendChart(series(FORTNIGHT));
    expect(alt).toBe("Total sales by day, 21 Nov – 4 Dec 2026; 4 Dec: $1,712.34");
  });

  it("highlights only the reported period's bar and labels values with the report formatter", () => {
    const svg = chartSvg(series(FORTNIGHT));
    const bars = [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" rx="3" fill="(#[0-9a-f]+)"\/>/g)].map((m) => m[1]);
    expect(bars).toHaveLength(14);
    expect(new Set(bars.slice(0, -1))).toEqual(new Set(["#c7d2fe"]));
    expect(bars.at(-1)).toBe("#4f46e5");
    expect(svg).toContain(`>${formatMetric("1712.34", "money", "USD")}</tspan>`);
    // Axis from 0 to the first nice step above the highest day, labelled compactly.
    expect(svg).toContain(">$0</text>");
    expect(svg).toContain(">$2K</text>");
  });

  it("draws no bar for a day without a value and keeps a negative day below the zero line", () => {
    const svg = chartSvg(series([null, "-250.00", "500.00"]));
    const bars = [...svg.matchAll(/<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)" rx="3"/g)].map((m) => ({ y: Number(m[1]), height: Number(m[2]) }));
    expect(bars).toHaveLength(2);
    const zero = Number(/<line [^>]*y1="([^"]+)"[^>]*stroke="#cbd5e1"/.exec(svg)![1]);
    expect(bars[0]!.y).toBeCloseTo(zero, 1);
    expect(bars[1]!.y + bars[1]!.height).toBeCloseTo(zero, 1);
    expect(axisTicks([-250, 500])).toEqual([-250, 0, 250, 500]);
  });

  it("escapes text that would break the SVG", () => {
    const svg = chartSvg({ ...series(["1"]), metric: { id: "x", label: "Sales <&> \"net\"", format: "money", description: "" } });
    expect(svg).toContain("Sales &lt;&amp;&gt; &quot;net&quot; by day");
  });
});

describe("the trend's figures", () => {
  it("are the report engine's daily values for the 14 days ending with the reported day", async () => {
    const workspaceId = await setup();
    await rebuildRollups(workspaceId, { fromDay: "2025-12-01", toDay: D3 });
    const now = new Date("2026-01-11T14:00:00Z");
    const range = rangeFor("yesterday", now, "America/New_York");
    const trend = await readTrend(workspaceId, range, "total_sales", { now });
    const report = await runReport(workspaceId, { date_from: "2025-12-28", date_to: D2, metrics: ["total_sales"], group_by: "day" }, { now });
    expect(trend.points.map((p) => p.key)).toEqual(report.rows.map((r) => r.key));
    expect(trend.points).toHaveLength(14);
    expect(trend.points.at(-1)).toEqual({ key: D2, label: "10 Jan", value: report.rows.at(-1)!.values.total_sales });
    expect(trend.points.map((p) => p.value)).toEqual(report.rows.map((r) => r.values.total_sales));
    expect(trend).toMatchObject({ unit: "day", currency: "USD", rangeLabel: "28 Dec 2025 – 10 Jan 2026" });

    const weekly = await readTrend(workspaceId, rangeFor("last_week", now, "America/New_York"), "orders", { now });
    expect(weekly.unit).toBe("week");
    expect(weekly.points).toHaveLength(8);
    // Sunday 11 January: the last complete week began on Monday 29 December.
    expect(weekly.points.at(-1)!.key).toBe("2025-12-29");
  });
});
