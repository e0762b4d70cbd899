import { z } from "zod";

// What the attribution jobs carry (apart from their definitions, which load the handlers).

export const ZAttributeOrdersJob = z.object({
  workspaceId: z.string().min(1),
  /** The 10-second slot it was asked in: asks within one slot are one run. */
  slot: z.string().min(1),
});
export type AttributeOrdersJob = z.infer<typeof ZAttributeOrdersJob>;

/** The longest span one recompute covers: a change of currency or zone redoes every attributed order. */
export const MAX_RECOMPUTE_DAYS = 3_660;

export const ZRecomputeAttributionJob = z.object({
  workspaceId: z.string().min(1),
  /** Orders of the last `days` days are attributed again (sessions of as many days before them are re-matched). */
  days: z.number().int().min(1).max(MAX_RECOMPUTE_DAYS),
  /** Fit the data-driven models first. */
  fit: z.boolean().default(false),
  /** The minute it was asked for: asks within one minute are one recompute. */
  requestedAt: z.string().min(1),
});
export type RecomputeAttributionJob = z.infer<typeof ZRecomputeAttributionJob>;

/** A scheduled pass; `workspaceId` narrows it to one workspace (the scheduler's narrowed tick). */
export const ZScheduledAttributionJob = z.object({ now: z.string().optional(), workspaceId: z.string().optional() });
export type ScheduledAttributionJob = z.infer<typeof ZScheduledAttributionJob>;
