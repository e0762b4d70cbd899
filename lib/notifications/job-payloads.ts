import { z } from "zod";

export const ZDeliverJob = z.object({
  workspaceId: z.string().min(1),
  destinationId: z.string().min(1),
  deliveryId: z.string().min(1),
  /** Attempts already made when queued: with the id, the job's identity (a requeue is a new job). */
  attempt: z.number().int().min(0).optional(),
});
export type DeliverJob = z.infer<typeof ZDeliverJob>;

export const ZSweepDeliveriesJob = z.object({ now: z.string().optional(), workspaceId: z.string().optional() });
export type SweepDeliveriesJob = z.infer<typeof ZSweepDeliveriesJob>;
