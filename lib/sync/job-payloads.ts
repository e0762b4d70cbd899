import { z } from "zod";

// What the sync room's jobs carry, apart from the job definitions so handlers can name the types
// without importing the definitions that load them.

export const ZSyncJob = z.object({ workspaceId: z.string().min(1), connectionId: z.string().min(1), runId: z.string().min(1) });
export type SyncJob = z.infer<typeof ZSyncJob>;

/** Scheduled jobs may be narrowed to one workspace and a moment (the in-process scheduler's tests). */
export const ZScheduledJob = z.object({ workspaceId: z.string().min(1).optional(), now: z.string().datetime().optional() });
export type ScheduledJob = z.infer<typeof ZScheduledJob>;
