import { z } from "zod";

export const ZKlaviyoAudienceSync = z.object({ workspaceId: z.string().min(1).max(64), tagId: z.string().min(1).max(64) });
export type KlaviyoAudienceSync = z.infer<typeof ZKlaviyoAudienceSync>;
