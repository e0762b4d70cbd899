import { getPool } from "@/lib/db/pool";
import { workspaceProductGroups } from "@/lib/metrics/definitions/catalog";
import type { CohortSegment } from "./request";

export { cohortLabel, SEGMENT_LABELS } from "./names";

// What a person reads for a segment value. Product values are ids as text (or "title:<lower
// title>" for a line without a product), so their names come from the products table.

const TITLE_PREFIX = "title:";

/** Labels of the given values of one segment (a value without a better name is its own label). */
export async function segmentValueLabels(workspaceId: string, segment: CohortSegment, values: readonly string[]): Promise<Map<string, string>> {
  const labels = new Map(values.map((value) => [value, value]));
  if (segment === "discount") {
    labels.set("yes", "Used a discount code");
    labels.set("no", "No discount code");
  } else if (segment === "country") {
    if (labels.has("unknown")) labels.set("unknown", "Unknown");
  } else if (segment === "product_group") {
    for (const group of await workspaceProductGroups(workspaceId)) if (labels.has(group.key)) labels.set(group.key, group.name);
  } else if (segment === "product") {
    const ids = values.filter((v) => /^\d{1,18}$/.test(v));
    for (const value of values) if (value.startsWith(TITLE_PREFIX)) labels.set(value, value.slice(TITLE_PREFIX.length));
    if (ids.length > 0) {
      const result = await getPool().query<{ id: string; title: string }>(
        `SELECT DISTINCT ON (external_id) external_id::text AS id, title FROM products
         WHERE workspace_id = $1 AND external_id = ANY($2::bigint[]) ORDER BY external_id, updated_at DESC`,
        [workspaceId, ids],
      );
      for (const row of result.rows) labels.set(row.id, row.title);
    }
  }
  return labels;
}
