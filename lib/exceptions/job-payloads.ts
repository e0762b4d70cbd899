import { z } from "zod";

/** The sweep's payload: the scheduler's clock, and with `workspaceId` one workspace only (its narrowed tick). */
export const ZJudgeDueOrdersJob = z.object({ now: z.string().optional(), workspaceId: z.string().optional() });
export type JudgeDueOrdersJob = z.infer<typeof ZJudgeDueOrdersJob>;
