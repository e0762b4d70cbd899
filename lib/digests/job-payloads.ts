import { z } from "zod";

// What the digest scheduler's job carries (apart from its definition, which loads the handler).
export const ZRunDueDigestsJob = z.object({ workspaceId: z.string().optional(), now: z.string().optional() });
export type RunDueDigestsJob = z.infer<typeof ZRunDueDigestsJob>;
