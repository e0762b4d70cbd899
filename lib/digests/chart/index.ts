import { chartAlt, chartSvg } from "./svg";
import { svgToPng } from "./png";
import type { TrendSeries } from "./series";

export { readTrend, type TrendSeries } from "./series";

export type ChartImage = { png: Buffer; alt: string };

/** The digest's trend chart as a PNG, with the text that stands in for it. */
export async function renderTrendChart(series: TrendSeries): Promise<ChartImage> {
  return { png: await svgToPng(chartSvg(series)), alt: chartAlt(series) };
}

export const pngDataUrl = (png: Buffer) => `data:image/png;base64,${png.toString("base64")}`;
