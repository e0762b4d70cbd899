import type { CohortGrain } from "./periods";
import type { CohortSegment } from "./request";

// Names of cohorts and segments, free of any data access, so the browser's bundles can use them.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function cohortLabel(start: string, grain: CohortGrain): string {
  const [year, month] = start.split("-").map(Number) as [number, number];
  if (grain === "week") return `Week of ${start}`;
  if (grain === "quarter") return `Q${Math.floor((month - 1) / 3) + 1} ${year}`;
  return `${MONTHS[month - 1]} ${year}`;
}

export const SEGMENT_LABELS: Record<CohortSegment, string> = {
  channel: "First-order channel",
  product_group: "First-order product group",
  product: "First-order product",
  discount: "First order used a discount code",
  discount_code: "First-order discount code",
  country: "Country",
  tag: "Customer tag",
};
