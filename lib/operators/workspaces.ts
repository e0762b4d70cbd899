import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { trialBilling, viewOf, type StoredBilling } from "@/lib/billing/state";
import { parseConsoleQuery } from "./query";

// The operator console's list of every workspace: a page of them with the figures an operator
// scans for (plan, members, connections), searched by name or slug. Nothing here reads a
// workspace's data: that takes the owner's support access.

export const WORKSPACES_PAGE_SIZE = 25;
// Paging deeper than this is a search's job.
export const MAX_WORKSPACES_OFFSET = 10_000;

export const workspaceListQuery = z.object({
  q: z.string().trim().max(100, "Search for at most 100 characters.").optional().default(""),
  offset: z.coerce.number({ error: "Offset must be a whole number." }).int("Offset must be a whole number.").min(0, "Offset cannot be negative.").max(MAX_WORKSPACES_OFFSET).optional().default(0),
});

export type WorkspaceListQuery = z.infer<typeof workspaceListQuery>;

export type OperatorWorkspaceRow = {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
  plan: string;
  planStatus: string;
  members: number;
  connections: number;
};

export function parseWorkspaceListQuery(input: Record<string, unknown>): WorkspaceListQuery {
  return parseConsoleQuery(workspaceListQuery, input, "q");
}

/** A workspace's plan as billing reads it at `now`: its name and status, both empty while billing is off. */
export function planSummary(billing: StoredBilling | undefined, workspace: { createdAt: Date; timeZone: string }, now: Date): { plan: string; planStatus: string } {
  const view = viewOf(billing ?? trialBilling(workspace.createdAt), workspace.timeZone, now);
  return view.enabled ? { plan: view.plan.name, planStatus: view.status } : { plan: "", planStatus: "" };
}

function whereOf(q: string): Prisma.WorkspaceWhereInput {
  if (!q) return {};
  return { OR: [{ name: { contains: q, mode: "insensitive" } }, { slug: { contains: q, mode: "insensitive" } }] };
}

/** A page of workspaces, newest first, with their plan as billing reads it now. */
export async function listWorkspacesForOperator(query: WorkspaceListQuery, now = new Date()): Promise<{ rows: OperatorWorkspaceRow[]; total: number }> {
  const where = whereOf(query.q);
  const [total, workspaces] = await Promise.all([
    db.workspace.count({ where }),
    db.workspace.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: query.offset,
      take: WORKSPACES_PAGE_SIZE,
      select: { id: true, slug: true, name: true, createdAt: true, timeZone: true, _count: { select: { memberships: true, connections: true } } },
    }),
  ]);
  const billing = await db.workspaceBilling.findMany({ where: { workspaceId: { in: workspaces.map((w) => w.id) } } });
  const billingOf = new Map(billing.map((row) => [row.workspaceId, row]));
  const rows = workspaces.map((w) => ({
    id: w.id,
    slug: w.slug,
    name: w.name,
    createdAt: w.createdAt,
    ...planSummary(billingOf.get(w.id), w, now),
    members: w._count.memberships,
    connections: w._count.connections,
  }));
  return { rows, total };
}
