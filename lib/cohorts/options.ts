import { segmentValues } from "./cells";
import { segmentValueLabels } from "./labels";
import type { CohortSegment } from "./request";

export type SegmentOption = { value: string; label: string; customers: number };

/** What each segment filter can be set to, with labels: the values present among the workspace's customers. */
export async function segmentOptions(workspaceId: string): Promise<Partial<Record<CohortSegment, SegmentOption[]>>> {
  const values = await segmentValues(workspaceId);
  const entries = await Promise.all(
    [...values.entries()].map(async ([segment, list]) => {
      const labels = await segmentValueLabels(workspaceId, segment, list.map((v) => v.value));
      return [segment, list.map((v) => ({ ...v, label: labels.get(v.value) ?? v.value }))] as const;
    }),
  );
  return Object.fromEntries(entries);
}
