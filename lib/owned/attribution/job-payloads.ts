import { z } from "zod";

/** The hourly checks' payload: the scheduler's clock, and with `workspaceId` one workspace only. */
export const ZOwnedHourlyJob = z.object({ now: z.string().optional(), workspaceId: z.string().optional() });
export type TOwnedHourlyJob = z.infer<typeof ZOwnedHourlyJob>;
