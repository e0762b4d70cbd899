import { z } from "zod";

export const ZBuildWorkspaceExport = z.object({ workspaceId: z.string().min(1), exportId: z.string().min(1) });
export type TBuildWorkspaceExport = z.infer<typeof ZBuildWorkspaceExport>;
