import type { MessageSection, NotificationMessage } from "@/lib/notifications/message";
import { parseDecimal } from "@/lib/metrics/definitions/decimal";
import type { MetricValue } from "@/lib/metrics/definitions/registry";
import { formatChange, formatMetric, NOT_AVAILABLE } from "@/lib/metrics/report/format";
import { rangeLabel } from "@/lib/metrics/report/periods";
import type { DigestFigures, KpiFigure } from "./compose";
import type { StaleSource } from "./freshness";
import { SECTION_LABELS, type SectionType } from "./sections";
import { fillPlaceholders, type TCondition, type TTemplate } from "./template";

// A digest's figures as the destination-neutral message document: every destination's formatter
// (lib/notifications/formats) turns the same document into its own body, so a preview of the
// document per destination is exactly what will be sent.

export type DigestContext = { digestName: string; workspaceName: string; dashboardUrl: string };

/** The trend chart shown under the key numbers, as an image section's PNG data URL and alt text. */
export type DigestChart = { url: string; alt: string; width: number };

/** Costs and deductions: a rise is bad news. */
const LOWER_IS_BETTER = new Set(["ad_spend", "cac", "cpc", "cpm", "cpa", "returns", "discounts", "cogs"]);

function tone(figure: KpiFigure): "good" | "bad" | "neutral" {
  if (figure.vs_previous === null) return "neutral";
  const change = parseDecimal(figure.vs_previous);
  if (change === 0n) return "neutral";
  return change > 0n !== LOWER_IS_BETTER.has(figure.id) ? "good" : "bad";
}

const shown = (figure: KpiFigure, value: MetricValue, currency: string) => formatMetric(value, figure.format, currency);

function kpiRows(figures: DigestFigures, ids: readonly string[]) {
  const daily = figures.range.date_from === figures.range.date_to;
  const previousName = daily ? "the day before" : figures.range.basis === "last_week" ? "the week before" : "the month before";
  return figures.kpis
    .filter((k) => ids.includes(k.id))
    .map((k) => {
      const change = k.vs_previous === null ? undefined : `${formatChange(k.vs_previous)} vs ${previousName}`;
      const sameWeekday = daily
        ? `same weekday last week ${shown(k, k.same_weekday, figures.currency)}${k.vs_same_weekday === null ? "" : ` (${formatChange(k.vs_same_weekday)})`}`
        : undefined;
      return {
        label: k.label,
        value: shown(k, k.value, figures.currency),
        ...(change ? { change } : {}),
        baseline: [`${previousName} ${shown(k, k.previous, figures.currency)}`, sameWeekday].filter(Boolean).join("; "),
        tone: tone(k),
      };
    });
}

function sectionOf(type: SectionType, figures: DigestFigures, kpiIds: readonly string[]): MessageSection | null {
  const heading = SECTION_LABELS[type];
  const money = (v: MetricValue) => formatMetric(v, "money", figures.currency);
  switch (type) {
    case "kpis": {
      const rows = kpiRows(figures, kpiIds);
      return rows.length > 0 ? { type: "rows", heading, rows } : null;
    }
    case "top_campaigns": {
      if (!figures.campaigns?.length) return null;
      const rows = figures.campaigns.map((c) => ({ label: c.label, value: `${money(c.values.ad_spend ?? null)} spend`, change: `ROAS ${formatMetric(c.values.roas ?? null, "ratio", figures.currency)}` }));
      return { type: "rows", heading, rows };
    }
    case "product_groups": {
      if (!figures.productGroups?.length) return null;
      const rows = figures.productGroups.map((g) => ({ label: g.label, value: `${money(g.values.net_sales ?? null)} net sales`, change: `${formatMetric(g.values.orders ?? null, "count", figures.currency)} orders` }));
      return { type: "rows", heading, rows };
    }
    case "cohorts": {
      if (!figures.cohorts?.length) return null;
      const rows = figures.cohorts.map((c) => ({
        label: c.label,
        value: `${c.customers} customers`,
        ...(c.retention.length > 0 ? { change: c.retention.map((r, i) => `month ${i + 1}: ${formatMetric(r, "percent", figures.currency)}`).join(", ") } : {}),
      }));
      return { type: "rows", heading: "Cohorts (retention by month)", rows };
    }
  }
}

/** What a placeholder stands for in this run. */
function placeholderValue(name: string, figures: DigestFigures, context: DigestContext): string {
  const label = rangeLabel(figures.range.date_from, figures.range.date_to);
  switch (name) {
    case "date":
    case "range":
      return label;
    case "workspace":
      return context.workspaceName;
    case "digest":
      return context.digestName;
  }
  const change = name.endsWith(".change");
  const figure = figures.kpis.find((k) => k.id === (change ? name.slice(0, -".change".length) : name));
  if (!figure) return NOT_AVAILABLE;
  if (change) return figure.vs_previous === null ? NOT_AVAILABLE : formatChange(figure.vs_previous);
  return formatMetric(figure.value, figure.format, figures.currency);
}

/** The value a condition compares with: baseline is a daily digest's same weekday last week, else the previous period. */
function comparedWith(condition: TCondition, figure: KpiFigure, daily: boolean): MetricValue {
  if (condition.than === "previous") return figure.previous;
  if (condition.than === "baseline") return daily ? figure.same_weekday : figure.previous;
  return String(condition.than);
}

/**
 * Why the template's conditions stop this send (e.g. 'orders 12 is not < baseline 10'), or null
 * when they all hold. A condition on a value that is n/a does not hold: the digest says nothing
 * rather than something unfounded.
 */
export function unmetCondition(template: TTemplate, figures: DigestFigures): string | null {
  const daily = figures.range.date_from === figures.range.date_to;
  for (const condition of template.conditions ?? []) {
    const figure = figures.kpis.find((k) => k.id === condition.metric);
    const against = figure ? comparedWith(condition, figure, daily) : null;
    const value = figure?.value ?? null;
    const holds = value !== null && against !== null && compare(parseDecimal(value), condition.op, parseDecimal(against));
    if (!holds) {
      const name = typeof condition.than === "string" && !/^-?\d/.test(condition.than) ? `${condition.than} ` : "";
      return `${condition.metric} ${value ?? NOT_AVAILABLE} is not ${condition.op} ${name}${against ?? NOT_AVAILABLE}`;
    }
  }
  return null;
}

function compare(a: bigint, op: TCondition["op"], b: bigint): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

/** The message one destination receives. */
export function digestMessage(
  figures: DigestFigures,
  template: TTemplate,
  sectionOrder: readonly SectionType[],
  kpiIds: readonly string[],
  stale: StaleSource[],
  context: DigestContext,
  chart: DigestChart | null = null,
): NotificationMessage {
  const fill = (text: string) => fillPlaceholders(text, (name) => placeholderValue(name, figures, context));
  const label = rangeLabel(figures.range.date_from, figures.range.date_to);
  const order = template.sections ? template.sections.filter((s) => sectionOrder.includes(s)) : sectionOrder;
  const sections = order.flatMap((type): MessageSection[] => {
    const section = sectionOf(type, figures, kpiIds);
    if (!section) return [];
    return type === "kpis" && chart ? [section, { type: "image", url: chart.url, alt: chart.alt, width: chart.width }] : [section];
  });
  if (template.image) sections.push({ type: "image", url: template.image.url, alt: template.image.alt });
  const staleNote = stale.length > 0 ? `Incomplete data: ${stale.map((s) => s.name).join(", ")} had not synced since ${label} ended.` : null;
  const intro = template.intro ? fill(template.intro) : null;
  return {
    title: template.title ? fill(template.title) : `${context.digestName}: ${figures.range.label.toLowerCase()}, ${label}`,
    ...(intro || staleNote ? { summary: [intro, staleNote].filter(Boolean).join("\n\n") } : {}),
    ...(staleNote ? { severity: "warning" as const } : {}),
    sections: sections.length > 0 ? sections : [{ type: "text", text: "Nothing to report for these days." }],
    link: template.link ?? { label: "Open the dashboard", url: context.dashboardUrl },
    footer: `${context.workspaceName} · ${label} (${figures.range.label.toLowerCase()})`,
  };
}
