import { z } from "zod";

// What the funnel jobs carry (apart from their definitions, which load the handlers).

export const ZBuildFunnelProgressJob = z.object({ workspaceId: z.string().min(1), buildId: z.number().int().positive() });
export type BuildFunnelProgressJob = z.infer<typeof ZBuildFunnelProgressJob>;
