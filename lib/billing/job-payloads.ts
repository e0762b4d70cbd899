import { z } from "zod";

// Payloads of billing's scheduled jobs: an optional clock, for tests and for running one by hand.

export const ZBillingScheduleJob = z.object({ now: z.string().datetime().optional() });
export type BillingScheduleJob = z.infer<typeof ZBillingScheduleJob>;
