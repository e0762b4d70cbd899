import { isMetricId } from "@/lib/metrics/definitions/registry";
import type { ReportOptions } from "@/lib/metrics/report/run";
import type { DigestRange } from "../schedule";
import type { TSection } from "../sections";
import { readTrend, type TrendSeries } from "./series";
import { chartAlt, chartSvg, CHART_WIDTH } from "./svg";
import { svgToPng } from "./png";

export { readTrend, type TrendSeries } from "./series";

export type ChartImage = { png: Buffer; alt: string };

/** The digest's trend chart as a PNG, with the text that stands in for it. */
export async function renderTrendChart(series: TrendSeries): Promise<ChartImage> {
  return { png: await svgToPng(chartSvg(series)), alt: chartAlt(series) };
}

export const pngDataUrl = (png: Buffer) => `data:image/png;base64,${png.toString("base64")}`;

/**
 * The chart of a digest's headline KPI (the first of its key numbers) as an image section's
 * fields, or null when the digest shows no key numbers.
 */
export async function digestChart(workspaceId: string, range: DigestRange, sections: TSection[], options: ReportOptions = {}): Promise<{ url: string; alt: string; width: number } | null> {
  const kpis = sections.find((s) => s.type === "kpis");
  const headline = kpis?.metrics[0];
  if (!headline || !isMetricId(headline)) return null;
  const { png, alt } = await renderTrendChart(await readTrend(workspaceId, range, headline, options));
  return { url: pngDataUrl(png), alt, width: CHART_WIDTH };
}
