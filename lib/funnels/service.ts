import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Funnel } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { DEFAULT_DEFINITION, ZFunnelDefinitionSchema, type TFunnelDefinition } from "./definition";
import { assertKnownSteps } from "./events";
import { keepSavedFunnel } from "./progress-requests";

// Saved funnels of one workspace. Every query names the workspace, so another workspace's funnel
// is simply not found.

export const FUNNEL_NOT_FOUND = "No such funnel in this workspace.";
export const MAX_FUNNELS = 200;

export const ZFunnelNameSchema = z.string("Name the funnel.").trim().min(1, "Name the funnel.").max(100, "At most 100 characters.");

export const ZSavedFunnelInputSchema = ZFunnelDefinitionSchema.extend({ name: ZFunnelNameSchema });
export type TSavedFunnelInput = z.infer<typeof ZSavedFunnelInputSchema>;

export const ZSavedFunnelSchema = ZSavedFunnelInputSchema.extend({
  id: z.string(),
  created_at: z.string().describe("ISO 8601."),
  updated_at: z.string().describe("ISO 8601."),
});
export type TSavedFunnel = z.infer<typeof ZSavedFunnelSchema>;

export const ZSavedFunnelListSchema = z.object({ funnels: z.array(ZSavedFunnelSchema) });

/** The stored definition, read leniently: a row written by an older version keeps its defaults. */
export const definitionOf = (row: Pick<Funnel, "definition">): TFunnelDefinition =>
  ZFunnelDefinitionSchema.catch(DEFAULT_DEFINITION).parse(row.definition ?? {});

export function toSavedFunnel(row: Funnel): TSavedFunnel {
  return { id: row.id, name: row.name, ...definitionOf(row), created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString() };
}

const splitInput = ({ name, ...definition }: TSavedFunnelInput) => ({ name, definition });

export async function listFunnels(workspaceId: string): Promise<TSavedFunnel[]> {
  const rows = await db.funnel.findMany({ where: { workspaceId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toSavedFunnel);
}

async function funnelRow(workspaceId: string, funnelId: string): Promise<Funnel> {
  const row = typeof funnelId === "string" && funnelId.length <= 64 ? await db.funnel.findUnique({ where: { workspaceId_id: { workspaceId, id: funnelId } } }) : null;
  if (!row) throw notFound(FUNNEL_NOT_FOUND);
  return row;
}

export const getFunnel = async (workspaceId: string, funnelId: string) => toSavedFunnel(await funnelRow(workspaceId, funnelId));

export async function createFunnel(workspaceId: string, input: unknown, userId: string | null): Promise<TSavedFunnel> {
  const { name, definition } = splitInput(parseInput(ZSavedFunnelInputSchema, input));
  await assertKnownSteps(workspaceId, definition.steps);
  if ((await db.funnel.count({ where: { workspaceId } })) >= MAX_FUNNELS) {
    throw new AppError("bad_request", `A workspace has at most ${MAX_FUNNELS} saved funnels; delete one first.`);
  }
  const saved = toSavedFunnel(await db.funnel.create({ data: { workspaceId, name, definition, createdById: userId } }));
  await keepSavedFunnel(workspaceId, definition);
  return saved;
}

/** Changes the fields sent; the result is validated as a whole funnel. */
export async function updateFunnel(workspaceId: string, funnelId: string, input: unknown): Promise<TSavedFunnel> {
  const row = await funnelRow(workspaceId, funnelId);
  const editable = { name: row.name, ...definitionOf(row) };
  const merged = input && typeof input === "object" && !Array.isArray(input) ? { ...editable, ...input } : input;
  const { name, definition } = splitInput(parseInput(ZSavedFunnelInputSchema, merged));
  await assertKnownSteps(workspaceId, definition.steps);
  const saved = toSavedFunnel(await db.funnel.update({ where: { workspaceId_id: { workspaceId, id: funnelId } }, data: { name, definition } }));
  await keepSavedFunnel(workspaceId, definition);
  return saved;
}

export async function deleteFunnel(workspaceId: string, funnelId: string): Promise<void> {
  await funnelRow(workspaceId, funnelId);
  await db.funnel.delete({ where: { workspaceId_id: { workspaceId, id: funnelId } } });
  await keepSavedFunnel(workspaceId, null);
}
