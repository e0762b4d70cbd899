import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/changes";
import crypto from "node:crypto";
import { recomputeAfterInputChange } from "@/lib/attribution/settings-triggers";
import { ensureDefaultDashboards } from "@/lib/dashboards/defaults";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { applyStartingPlan } from "@/lib/operators/global-settings";
import { requestRollupRebuild } from "@/lib/metrics/rollups/rebuild-requests";
import type { Role } from "@/lib/tenancy/roles";
import { parseInput } from "@/lib/validation";
import { slugify, ZCreateWorkspaceSchema, ZUpdateWorkspaceSchema } from "./schemas";

export type WorkspaceSummary = { id: string; slug: string; name: string; timeZone: string; currency: string };

const SUMMARY = { id: true, slug: true, name: true, timeZone: true, currency: true } as const;

type Tx = Prisma.TransactionClient;

async function availableSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (await tx.workspace.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((w) => w.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; n < 100; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  return `${base}-${crypto.randomBytes(3).toString("hex")}`;
}

/** Creates a workspace with `ownerId` as its owner. Runs inside `tx` when given (sign-up). */
export async function createWorkspace(ownerId: string, input: unknown, tx?: Tx): Promise<WorkspaceSummary> {
  const data = parseInput(ZCreateWorkspaceSchema, input);
  const run = async (t: Tx) => {
    const slug = await availableSlug(t, data.name);
    const workspace = await t.workspace.create({
      data: { ...data, slug, memberships: { create: { userId: ownerId, role: "owner" } } },
      select: SUMMARY,
    });
    await ensureDefaultDashboards(workspace.id, t);
    await applyStartingPlan(t, workspace.id);
    return workspace;
  };
  if (tx) return run(tx);
  // Two sign-ups with one name can race for a slug; the unique index decides and we retry.
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(run);
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function listWorkspacesForUser(userId: string): Promise<(WorkspaceSummary & { role: Role })[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { role: true, workspace: { select: SUMMARY } },
    orderBy: { workspace: { name: "asc" } },
  });
  return memberships.map((m) => ({ ...m.workspace, role: m.role }));
}

export async function updateWorkspace(workspaceId: string, input: unknown): Promise<WorkspaceSummary> {
  const data = parseInput(ZUpdateWorkspaceSchema, input);
  const previous = await db.workspace.findUnique({ where: { id: workspaceId }, select: SUMMARY });
  const before = data.timeZone || data.currency ? previous : null;
  let updated: WorkspaceSummary;
  try {
    updated = await db.$transaction(async (tx) => {
      const saved = await tx.workspace.update({ where: { id: workspaceId }, data, select: SUMMARY });
      const fields = ({ slug, name, timeZone, currency }: WorkspaceSummary) => ({ slug, name, timeZone, currency });
      await recordAudit(tx, { workspaceId, action: "workspace.settings_changed", target: { type: "workspace", id: workspaceId }, changes: diffFields(fields(previous ?? saved), fields(saved)) });
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.field("slug", "That address is taken; choose another.", "conflict");
    throw error;
  }
  // Days are local days: in another zone every rollup day holds different hours.
  const zoneChanged = before !== null && before.timeZone !== updated.timeZone;
  if (zoneChanged) await requestRollupRebuild(workspaceId, "Time zone changed");
  // Attribution's credits are in the workspace currency on its local days.
  if (zoneChanged || (before !== null && before.currency !== updated.currency)) await recomputeAfterInputChange(workspaceId);
  return updated;
}

/** Deleting asks for the slug typed back, so a slip of the mouse cannot destroy a workspace. */
export async function deleteWorkspace(workspace: WorkspaceSummary, confirmation: unknown): Promise<void> {
  if (typeof confirmation !== "string" || confirmation.trim() !== workspace.slug) {
    throw AppError.field("confirmation", `Type the workspace address "${workspace.slug}" to confirm.`);
  }
  await db.$transaction((tx) => removeWorkspaceRows(tx, workspace.id));
}

/** The workspace and every row it owns, inside the caller's transaction. */
export async function removeWorkspaceRows(tx: Tx, workspaceId: string): Promise<void> {
  await purgeTenantRows(tx, workspaceId);
  await tx.workspace.delete({ where: { id: workspaceId } });
}

/**
 * Deletes every row the workspace owns, in every table that has a workspace_id column: synced
 * facts and rollups carry no foreign key (it would slow bulk loads), so the cascade from the
 * workspace row alone would leave them behind. Asking the catalog keeps tables added later covered.
 */
async function purgeTenantRows(tx: Tx, workspaceId: string): Promise<void> {
  const tables = await tx.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'workspace_id' AND table_name <> 'workspaces'
    ORDER BY table_name = 'owned_report_dirty', table_name`;
  // owned_report_dirty last: deleting sends and what recipients did marks their days there (a trigger).
  for (const { table_name } of tables) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table_name)) continue;
    await tx.$executeRawUnsafe(`DELETE FROM "${table_name}" WHERE workspace_id = $1`, workspaceId);
  }
}
