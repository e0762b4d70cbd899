import { formatMetric, plotValue } from "@/lib/metrics/report/format";
import type { TrendSeries } from "./series";

// The trend as an SVG bar chart, drawn by hand: the chart is plain geometry computed from the
// series, so no layout engine is needed, and the same series always gives the same text (hence
// the same PNG). Coordinates are the only place values become floats; every label is formatted
// from the exact decimal by the report formatter.

export const CHART_WIDTH = 600;
export const CHART_HEIGHT = 240;

const PLOT = { left: 64, right: CHART_WIDTH - 16, top: 48, bottom: CHART_HEIGHT - 30 };
const COLOURS = { current: "#4f46e5", other: "#c7d2fe", grid: "#e2e8f0", axis: "#cbd5e1", text: "#0f172a", muted: "#64748b" };
const UNIT_WORD = { day: "day", week: "week", month: "month" } as const;

const xml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
const at = (n: number) => (Math.round(n * 10) / 10).toString();

/** Axis steps people read easily: 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(span: number, targetSteps = 3): number {
  if (!(span > 0)) return 1;
  const raw = span / targetSteps;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return Number(step.toPrecision(12));
}

/** The axis: from a multiple of the step at or below the lowest value (0 at most) to one at or above the highest. */
export function axisTicks(values: number[]): number[] {
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const step = niceStep(high - low || 1);
  const first = Math.floor(low / step);
  const last = Math.max(first + 1, Math.ceil(high / step));
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
}

/** What the chart says, for the image's alt text and the plain-text part of an email. */
export function chartAlt(series: TrendSeries): string {
  const last = series.points.at(-1);
  const latest = last ? `; ${last.label}: ${formatMetric(last.value, series.metric.format, series.currency)}` : "";
  return `${series.metric.label} by ${UNIT_WORD[series.unit]}, ${series.rangeLabel}${latest}`;
}

export function chartSvg(series: TrendSeries): string {
  const { points, metric, currency } = series;
  const values = points.map((p) => plotValue(p.value));
  const ticks = axisTicks(values.filter((v): v is number => v !== null));
  const low = ticks[0]!;
  const high = ticks.at(-1)!;
  const y = (v: number) => PLOT.bottom - ((v - low) / (high - low)) * (PLOT.bottom - PLOT.top);
  // Axis labels are short: "$12K" for money and counts; percentages and ratios as they are.
  const compact = metric.format === "money" || metric.format === "count";
  const parts: string[] = [`<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`];

  parts.push(`<text x="16" y="26" font-size="14" font-weight="600" fill="${COLOURS.text}">${xml(`${metric.label} by ${UNIT_WORD[series.unit]}`)}</text>`);
  const last = points.at(-1);
  if (last) {
    const shown = formatMetric(last.value, metric.format, currency);
    parts.push(
      `<text x="${PLOT.right}" y="26" font-size="14" text-anchor="end" fill="${COLOURS.muted}">${xml(last.label)}  <tspan font-weight="600" fill="${COLOURS.current}">${xml(shown)}</tspan></text>`,
    );
  }

  for (const tick of ticks) {
    const ty = at(y(tick));
    parts.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${ty}" y2="${ty}" stroke="${tick === 0 ? COLOURS.axis : COLOURS.grid}" stroke-width="1"/>`);
    parts.push(`<text x="${PLOT.left - 8}" y="${at(y(tick) + 4)}" font-size="11" text-anchor="end" fill="${COLOURS.muted}">${xml(formatMetric(tick, metric.format, currency, compact))}</text>`);
  }

  const slot = (PLOT.right - PLOT.left) / Math.max(points.length, 1);
  const barWidth = Math.max(2, slot * 0.62);
  // Every other label when they would crowd, counted back from the reported period so it always has one.
  const labelEvery = points.length > 8 ? 2 : 1;
  points.forEach((point, i) => {
    const current = i === points.length - 1;
    const centre = PLOT.left + slot * i + slot / 2;
    const value = values[i];
    if (value !== null && value !== undefined && value !== 0) {
      const top = y(Math.max(value, 0));
      const height = Math.max(1, Math.abs(y(value) - y(0)));
      parts.push(`<rect x="${at(centre - barWidth / 2)}" y="${at(top)}" width="${at(barWidth)}" height="${at(height)}" rx="3" fill="${current ? COLOURS.current : COLOURS.other}"/>`);
    }
    if ((points.length - 1 - i) % labelEvery === 0) {
      const weight = current ? ` font-weight="600"` : "";
      parts.push(`<text x="${at(centre)}" y="${CHART_HEIGHT - 10}" font-size="11" text-anchor="middle"${weight} fill="${current ? COLOURS.text : COLOURS.muted}">${xml(point.label)}</text>`);
    }
  });

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="Geist">${parts.join("")}</svg>`;
}
