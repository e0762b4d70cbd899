import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { STANDARD_FUNNEL_EVENTS, type TFunnelStep } from "./definition";

// The event names a funnel may use: those the workspace has sent, and the standard ones (so a
// funnel can be built before the first checkout arrives).

/** Most names listed for choosing steps; a workspace sending more custom names than this is unusual. */
const MAX_LISTED = 500;

// Walks the (workspace_id, event, occurred_at) index one name at a time instead of reading every
// event: as many index probes as there are names.
const EVENT_NAMES_SQL = `
WITH RECURSIVE names AS (
  (SELECT event FROM tracked_events WHERE workspace_id = $1 ORDER BY event LIMIT 1)
  UNION ALL
  SELECT (SELECT e.event FROM tracked_events e WHERE e.workspace_id = $1 AND e.event > n.event ORDER BY e.event LIMIT 1)
  FROM names n WHERE n.event IS NOT NULL
)
SELECT event FROM names WHERE event IS NOT NULL LIMIT ${MAX_LISTED}`;

const SEEN_SQL = `
SELECT name FROM unnest($2::text[]) AS name
WHERE EXISTS (SELECT 1 FROM tracked_events e WHERE e.workspace_id = $1 AND e.event = name)`;

/** Names the workspace has sent, sorted. */
export async function workspaceEventNames(workspaceId: string): Promise<string[]> {
  const { rows } = await getPool().query<{ event: string }>(EVENT_NAMES_SQL, [workspaceId]);
  return rows.map((row) => row.event);
}

/** Names to choose steps from: the workspace's and the standard ones, sorted. */
export async function funnelEventChoices(workspaceId: string): Promise<string[]> {
  return [...new Set([...STANDARD_FUNNEL_EVENTS, ...(await workspaceEventNames(workspaceId))])].sort();
}

/** Whether the workspace has any tracked event at all. */
export async function hasTrackedEvents(workspaceId: string): Promise<boolean> {
  const { rows } = await getPool().query("SELECT 1 FROM tracked_events WHERE workspace_id = $1 LIMIT 1", [workspaceId]);
  return rows.length > 0;
}

/** Refuses steps naming an event neither standard nor ever sent by the workspace, naming each (`steps.2`). */
export async function assertKnownSteps(workspaceId: string, steps: readonly TFunnelStep[], field = "steps"): Promise<void> {
  const standard = new Set(STANDARD_FUNNEL_EVENTS);
  const unknown = [...new Set(steps.map((s) => s.event).filter((name) => !standard.has(name)))];
  if (unknown.length === 0) return;
  const { rows } = await getPool().query<{ name: string }>(SEEN_SQL, [workspaceId, unknown]);
  const seen = new Set(rows.map((row) => row.name));
  const fields: Record<string, string> = {};
  steps.forEach((step, i) => {
    if (!standard.has(step.event) && !seen.has(step.event)) {
      fields[`${field}.${i}`] = `${field}.${i}: no event "${step.event.slice(0, 60)}" has been tracked in this workspace, and it is not a standard event.`;
    }
  });
  if (Object.keys(fields).length === 0) return;
  const names = Object.keys(fields);
  throw new AppError("bad_request", names.length === 1 ? fields[names[0]!]! : `Unknown events in ${names.join(", ")}.`, { fields });
}
