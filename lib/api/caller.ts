import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { workspaceForUser } from "@/lib/tenancy/guard";
import { ROLES } from "@/lib/tenancy/roles";
import { listWorkspacesForUser } from "@/lib/workspaces/service";
import type { Caller } from "./workspace-route";

// Who is calling, and which workspaces they can see: the answers of /api/v1/me and
// /api/v1/workspaces, stated once as schemas for the OpenAPI document.

export const ZWorkspaceSummarySchema = z.object({ id: z.string(), slug: z.string(), name: z.string(), timeZone: z.string(), currency: z.string() });

export const ZMeSchema = z.object({
  kind: z.enum(["user", "api_key"]).describe("A signed-in person, or an API key."),
  user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).nullable().describe("The person; null for an API key."),
  apiKey: z
    .object({
      id: z.string(),
      name: z.string(),
      expiresAt: z.string().nullable().describe("ISO 8601: when the secret used stops working (a rotated key's previous secret: the end of its grace). Null: never."),
    })
    .nullable()
    .describe("The key; null for a person."),
  workspace: ZWorkspaceSummarySchema.nullable().describe("The key's workspace, or the one a session named with ?workspace=; otherwise null."),
  role: z.enum(ROLES).nullable().describe("The effective role there: a key acts with the lower of its own role and its creator's current one."),
});

export const ZWorkspaceListSchema = z.object({
  workspaces: z.array(ZWorkspaceSummarySchema.extend({ role: z.enum(ROLES).describe("The caller's effective role in it.") })),
});

export type TMe = z.infer<typeof ZMeSchema>;
export type TWorkspaceList = z.infer<typeof ZWorkspaceListSchema>;

const GONE = "Your session has ended. Sign in again.";

export async function describeCaller(caller: Caller, workspaceSlug: string | null): Promise<TMe> {
  if (caller.kind === "apiKey") {
    const { workspace, role, actor } = caller.context;
    if (actor.kind !== "apiKey") throw new Error("An API caller without a key.");
    return {
      kind: "api_key",
      user: null,
      apiKey: { id: actor.apiKeyId, name: actor.name, expiresAt: actor.expiresAt?.toISOString() ?? null },
      workspace,
      role,
    };
  }
  const user = await db.user.findUnique({ where: { id: caller.userId }, select: { id: true, email: true, name: true } });
  if (!user) throw new AppError("unauthorized", GONE);
  // A session belongs to no one workspace: it names one to learn its role there (404 if not a member).
  const context = workspaceSlug === null ? null : await workspaceForUser(workspaceSlug, user.id);
  return { kind: "user", user, apiKey: null, workspace: context?.workspace ?? null, role: context?.role ?? null };
}

/** A session sees the workspaces it is a member of; a key sees only its own. */
export async function visibleWorkspaces(caller: Caller): Promise<TWorkspaceList> {
  if (caller.kind === "apiKey") return { workspaces: [{ ...caller.context.workspace, role: caller.context.role }] };
  const list = await listWorkspacesForUser(caller.userId);
  return { workspaces: list.map(({ id, slug, name, timeZone, currency, role }) => ({ id, slug, name, timeZone, currency, role })) };
}
