import { z } from "zod";

// What the alert jobs carry (apart from their definitions, which load the handlers).

export const ZEvaluateAlertsJob = z.object({
  workspaceId: z.string().min(1),
  /** Why it runs: the hourly schedule or a finished sync (asks of one kind wait as one job). */
  trigger: z.enum(["hourly", "sync"]),
});
export type EvaluateAlertsJob = z.infer<typeof ZEvaluateAlertsJob>;

export const ZScheduleAlertsJob = z.object({ workspaceId: z.string().optional(), now: z.string().optional() });
export type ScheduleAlertsJob = z.infer<typeof ZScheduleAlertsJob>;
