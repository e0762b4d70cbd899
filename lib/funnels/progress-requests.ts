import { getPool } from "@/lib/db/pool";
import { enqueue } from "@/lib/jobs/enqueue";
import type { TFunnelDefinition } from "./definition";
import { buildFunnelProgressJob } from "./jobs";
import { dropUnkeptBuilds, findBuild, keepsProgress, requestBuild, type ProgressBuild } from "./progress";

// Where a funnel's progress build is asked for and its job queued: the report, and saving a funnel.

/** The funnel's build in the workspace's zone, asked for (and its job queued) when a kept funnel has none. */
export async function ensureBuild(workspaceId: string, definition: TFunnelDefinition, timeZone: string): Promise<ProgressBuild | null> {
  const found = await findBuild(workspaceId, definition, timeZone);
  if (found) return found;
  const requested = await requestBuild(workspaceId, definition, timeZone);
  if (requested?.created) await enqueue(buildFunnelProgressJob, { workspaceId, buildId: requested.build.id });
  return requested?.build ?? null;
}

/** After a saved funnel is created, changed or deleted: its build asked for, builds no funnel keeps dropped. */
export async function keepSavedFunnel(workspaceId: string, definition: TFunnelDefinition | null): Promise<void> {
  await dropUnkeptBuilds(workspaceId);
  if (!definition || !keepsProgress(definition, false)) return;
  const workspace = await getPool().query<{ time_zone: string }>("SELECT time_zone FROM workspaces WHERE id = $1", [workspaceId]);
  if (workspace.rows[0]) await ensureBuild(workspaceId, definition, workspace.rows[0].time_zone);
}
