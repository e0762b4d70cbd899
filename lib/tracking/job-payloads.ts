import { z } from "zod";

/** A drain asked for in a given second: asks within the same second are one job. */
export const ZDrainInboxJob = z.object({ second: z.string().min(1).max(40) });
export type DrainInboxJob = z.infer<typeof ZDrainInboxJob>;

export const ZTrackingScheduleJob = z.object({ now: z.string().optional() });
export type TrackingScheduleJob = z.infer<typeof ZTrackingScheduleJob>;
