import { z } from "zod";

// What the LTV jobs carry (apart from their definitions, which load the handlers).

export const ZFitLtvJob = z.object({
  workspaceId: z.string().min(1),
  /** The minute it was asked for: asks within one minute are one fit. */
  requestedAt: z.string().min(1),
});
export type FitLtvJob = z.infer<typeof ZFitLtvJob>;

export const ZScheduledLtvJob = z.object({ workspaceId: z.string().optional(), now: z.string().optional() });
export type ScheduledLtvJob = z.infer<typeof ZScheduledLtvJob>;
