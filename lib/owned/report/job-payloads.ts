import { z } from "zod";

/** A refresh of one workspace's marked report days; `window` (the minute it was asked) coalesces asks. */
export const ZRefreshOwnedReportJob = z.object({ workspaceId: z.string().min(1), window: z.string().min(1) });
export type TRefreshOwnedReportJob = z.infer<typeof ZRefreshOwnedReportJob>;

export const ZSweepOwnedReportJob = z.object({ now: z.string().optional() });
export type TSweepOwnedReportJob = z.infer<typeof ZSweepOwnedReportJob>;
