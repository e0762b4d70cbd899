import { z } from "zod";
import { isMetricId } from "@/lib/metrics/definitions/registry";

// What a digest shows, section by section. Every number comes from the report engine (or the
// cohort report), so a digest says exactly what the dashboards say for the same days.

/** The original daily push's four headline numbers: GMV (total sales), orders, visitors, conversion rate. */
export const DEFAULT_KPIS = ["total_sales", "orders", "visitors", "conversion_rate"] as const;

export const metricIdSchema = (field: string) =>
  z.string().trim().min(1).max(100).refine(isMetricId, { error: (issue) => `${field}: unknown metric "${String(issue.input)}".` });

export const SECTION_TYPES = ["kpis", "top_campaigns", "product_groups", "cohorts"] as const;
export type SectionType = (typeof SECTION_TYPES)[number];

export const ZSectionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("kpis"), metrics: z.array(metricIdSchema("metrics")).min(1).max(12).default([...DEFAULT_KPIS]) }),
  z.object({ type: z.literal("top_campaigns"), limit: z.number().int().min(1).max(20).default(5) }),
  z.object({ type: z.literal("product_groups"), limit: z.number().int().min(1).max(20).default(10) }),
  z.object({ type: z.literal("cohorts"), limit: z.number().int().min(1).max(6).default(3) }),
], { error: `type must be one of ${SECTION_TYPES.join(", ")}.` });
export type TSection = z.output<typeof ZSectionSchema>;

export const ZSectionsSchema = z
  .array(ZSectionSchema)
  .min(1, "Choose at least one section.")
  .max(SECTION_TYPES.length)
  .refine((sections) => new Set(sections.map((s) => s.type)).size === sections.length, { error: "Each section type may appear once." });

export const DEFAULT_SECTIONS: TSection[] = [
  { type: "kpis", metrics: [...DEFAULT_KPIS] },
  { type: "top_campaigns", limit: 5 },
  { type: "product_groups", limit: 10 },
  { type: "cohorts", limit: 3 },
];

export const SECTION_LABELS: Record<SectionType, string> = {
  kpis: "Key numbers",
  top_campaigns: "Top campaigns by spend",
  product_groups: "Product groups",
  cohorts: "Cohorts",
};
