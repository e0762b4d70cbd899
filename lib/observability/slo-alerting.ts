import { z } from "zod";
import { diffFields } from "@/lib/audit/changes";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { DESTINATION_LABELS, type DestinationKind } from "@/lib/notifications/message";
import { recordOperatorEvent } from "@/lib/operators/events";
import { parseInput } from "@/lib/validation";

// Where service-level burn alerts go: an operator picks one workspace and some of its
// notification destinations, so alerts share their formats, retries and failure records with
// every other alert. Kept on the installation's settings row; every change is an operator event.

const ROW_ID = "global";

export const ZSloAlerting = z.object({
  workspaceId: z.string().trim().max(64, "Choose a workspace from the list.").default(""),
  destinationIds: z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(64)).max(20, "Choose at most 20 destinations.")),
});

export type SloAlertingDestination = { id: string; name: string; kind: string; enabled: boolean };
export type SloAlertingView = {
  workspace: { id: string; name: string; slug: string } | null;
  destinations: SloAlertingDestination[];
  /** Chosen destinations that were deleted since. */
  missing: number;
};

/** The chosen workspace and destinations, as they are now (a deleted one counts as missing). */
export async function getSloAlerting(): Promise<SloAlertingView> {
  const row = await db.globalSettings.findUnique({ where: { id: ROW_ID }, select: { sloAlertWorkspaceId: true, sloAlertDestinationIds: true } });
  const workspaceId = row?.sloAlertWorkspaceId ?? null;
  if (!workspaceId) return { workspace: null, destinations: [], missing: 0 };
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true, name: true, slug: true } });
  if (!workspace) return { workspace: null, destinations: [], missing: row!.sloAlertDestinationIds.length };
  const found = await db.notificationDestination.findMany({
    where: { workspaceId, id: { in: row!.sloAlertDestinationIds } },
    select: { id: true, name: true, kind: true, enabled: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return {
    workspace,
    destinations: found.map((d) => ({ ...d, kind: DESTINATION_LABELS[d.kind as DestinationKind] ?? d.kind })),
    missing: row!.sloAlertDestinationIds.length - found.length,
  };
}

/**
 * Sets where burn alerts go, as the operator `operatorId`. Every destination must belong to the
 * chosen workspace; an empty workspace clears the choice.
 */
export async function updateSloAlerting(operatorId: string, input: unknown): Promise<{ workspaceId: string | null; destinationIds: string[] }> {
  const { workspaceId, destinationIds } = parseInput(ZSloAlerting, input);
  if (!workspaceId && destinationIds.length > 0) throw AppError.field("workspaceId", "Choose the workspace whose destinations receive the alerts.");
  if (workspaceId) {
    const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
    if (!workspace) throw AppError.field("workspaceId", "No such workspace. Choose one from the list.");
    if (destinationIds.length === 0) throw AppError.field("destinationIds", "Choose at least one of the workspace's notification destinations.");
    const owned = await db.notificationDestination.count({ where: { workspaceId, id: { in: destinationIds } } });
    if (owned !== destinationIds.length) throw AppError.field("destinationIds", "Every destination must be one of the chosen workspace's notification destinations.");
  }
  const next = { workspaceId: workspaceId || null, destinationIds: workspaceId ? destinationIds : [] };
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO global_settings (id, updated_at) VALUES (${ROW_ID}, now()) ON CONFLICT (id) DO NOTHING`;
    const [before] = await tx.$queryRaw<{ workspace_id: string | null; destination_ids: string[] }[]>`
      SELECT slo_alert_workspace_id AS workspace_id, slo_alert_destination_ids AS destination_ids FROM global_settings WHERE id = ${ROW_ID} FOR UPDATE`;
    await tx.globalSettings.update({ where: { id: ROW_ID }, data: { sloAlertWorkspaceId: next.workspaceId, sloAlertDestinationIds: next.destinationIds, updatedById: operatorId } });
    const changes = diffFields(
      { workspaceId: before?.workspace_id ?? null, destinationIds: (before?.destination_ids ?? []).join(",") },
      { workspaceId: next.workspaceId, destinationIds: next.destinationIds.join(",") },
    );
    if (Object.keys(changes).length > 0) {
      await recordOperatorEvent(tx, { action: "service_level_alerts.changed", target: { type: "global_settings", id: ROW_ID }, changes, actor: { kind: "operator", id: operatorId } });
    }
  });
  return next;
}

/** Where to send now: the workspace and the chosen destinations it still has. */
export async function sloAlertTargets(): Promise<{ workspaceId: string; destinationIds: string[] } | null> {
  const view = await getSloAlerting();
  if (!view.workspace || view.destinations.length === 0) return null;
  return { workspaceId: view.workspace.id, destinationIds: view.destinations.map((d) => d.id) };
}
