import { z } from "zod";

// What the activity jobs carry (apart from their definitions, which load the handlers).

export const ZRecomputeActivityJob = z.object({
  workspaceId: z.string().min(1),
  /** "pending": the persons whose events arrived; "all": everyone (nightly, settings, customers rebuilt). */
  scope: z.enum(["pending", "all"]),
  /** The minute a full pass was asked for: asks within one minute are one pass. Absent for "pending". */
  requestedAt: z.string().optional(),
});
export type RecomputeActivityJob = z.infer<typeof ZRecomputeActivityJob>;

export const ZScheduleActivityJob = z.object({ now: z.string().optional() });
export type ScheduleActivityJob = z.infer<typeof ZScheduleActivityJob>;
