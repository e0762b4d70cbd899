import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/changes";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { requestRollupRebuild } from "../rollups/rebuild-requests";

// Product groups are workspace settings: a line item belongs to a group when any of its rules
// matches (title, SKU or product tag exactly, ignoring case; product by the store's product id).
// A group's key names it in rollups and metric ids (product_group_sales:<key>), so it is derived
// from the first name once and never changes on rename.

export const GROUP_RULE_FIELDS = ["title", "sku", "product", "tag"] as const;
export type GroupRuleField = (typeof GROUP_RULE_FIELDS)[number];
export const MAX_GROUP_RULES = 200;
export const MAX_PRODUCT_GROUPS = 100;

export const ZGroupRuleSchema = z
  .object({
    field: z.enum(GROUP_RULE_FIELDS, "Choose title, SKU, product or tag."),
    value: z.string("Enter a value.").trim().min(1, "Enter a value.").max(255, "At most 255 characters."),
  })
  .refine((rule) => rule.field !== "product" || /^\d{1,20}$/.test(rule.value), {
    message: "A product is the store's product id (digits only).",
    path: ["value"],
  });
export type TGroupRule = z.infer<typeof ZGroupRuleSchema>;

export const ZProductGroupInputSchema = z.object({
  name: z.string("Enter a name.").trim().min(1, "Enter a name.").max(80, "At most 80 characters."),
  rules: z
    .array(ZGroupRuleSchema, "Add at least one rule.")
    .min(1, "Add at least one rule.")
    .max(MAX_GROUP_RULES, `At most ${MAX_GROUP_RULES} rules.`)
    // One rule written twice (in any case) is the same rule.
    .transform((rules) => [...new Map(rules.map((r) => [`${r.field}:${r.value.toLowerCase()}`, r])).values()]),
});
export type TProductGroupInput = z.input<typeof ZProductGroupInputSchema>;

const ZReorderSchema = z.object({ ids: z.array(z.string().min(1)).max(MAX_PRODUCT_GROUPS) });

export type ProductGroupView = { id: string; key: string; name: string; rules: TGroupRule[]; position: number };

const SELECT = { id: true, key: true, name: true, rules: true, position: true } as const;

function toView(row: { id: string; key: string; name: string; rules: Prisma.JsonValue; position: number }): ProductGroupView {
  const rules = z.array(ZGroupRuleSchema).safeParse(row.rules);
  return { id: row.id, key: row.key, name: row.name, rules: rules.success ? rules.data : [], position: row.position };
}

/** "Alpha Pro Kit" -> "alpha_pro_kit": letters, digits and underscores, safe inside a metric id. */
export function groupKeyFromName(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40)
    .replace(/_+$/g, "");
  return base || "group";
}

type Tx = Prisma.TransactionClient;

/** Group writes of one workspace take turns, so name and key checks hold until the commit. */
async function lockGroups(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('product_groups'), hashtext(${workspaceId}))`;
}

async function assertNameFree(tx: Tx, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.productGroup.findFirst({
    where: { workspaceId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw AppError.field("name", `A product group named "${name}" already exists.`, "conflict");
}

async function freeKey(tx: Tx, workspaceId: string, name: string): Promise<string> {
  const base = groupKeyFromName(name);
  const taken = new Set(
    (await tx.productGroup.findMany({ where: { workspaceId, key: { startsWith: base } }, select: { key: true } })).map((g) => g.key),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

async function findGroup(tx: Tx, workspaceId: string, id: string) {
  const row = await tx.productGroup.findUnique({ where: { workspaceId_id: { workspaceId, id } }, select: SELECT });
  if (!row) throw new AppError("not_found", "Product group not found.");
  return row;
}

export async function listProductGroups(workspaceId: string): Promise<ProductGroupView[]> {
  const rows = await db.productGroup.findMany({ where: { workspaceId }, select: SELECT, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return rows.map(toView);
}

export async function getProductGroup(workspaceId: string, id: string): Promise<ProductGroupView> {
  return toView(await findGroup(db, workspaceId, id));
}

export async function createProductGroup(workspaceId: string, input: unknown): Promise<ProductGroupView> {
  const data = parseInput(ZProductGroupInputSchema, input);
  const row = await db.$transaction(async (tx) => {
    await lockGroups(tx, workspaceId);
    await assertNameFree(tx, workspaceId, data.name);
    const count = await tx.productGroup.count({ where: { workspaceId } });
    if (count >= MAX_PRODUCT_GROUPS) throw AppError.field("name", `A workspace can have at most ${MAX_PRODUCT_GROUPS} product groups.`, "conflict");
    const last = await tx.productGroup.aggregate({ where: { workspaceId }, _max: { position: true } });
    const created = await tx.productGroup.create({
      data: { workspaceId, key: await freeKey(tx, workspaceId, data.name), name: data.name, rules: data.rules, position: (last._max.position ?? -1) + 1 },
      select: SELECT,
    });
    await recordAudit(tx, { workspaceId, action: "product_group.created", target: { type: "product_group", id: created.id }, changes: diffFields(null, data) });
    return created;
  });
  await requestRollupRebuild(workspaceId, "Product groups changed");
  return toView(row);
}

/** Renames and re-rules a group; its key stays, so saved reports and dashboards keep working. */
export async function updateProductGroup(workspaceId: string, id: string, input: unknown): Promise<ProductGroupView> {
  const data = parseInput(ZProductGroupInputSchema, input);
  const row = await db.$transaction(async (tx) => {
    await lockGroups(tx, workspaceId);
    const before = await findGroup(tx, workspaceId, id);
    await assertNameFree(tx, workspaceId, data.name, id);
    const updated = await tx.productGroup.update({ where: { workspaceId_id: { workspaceId, id } }, data: { name: data.name, rules: data.rules }, select: SELECT });
    await recordAudit(tx, {
      workspaceId,
      action: "product_group.updated",
      target: { type: "product_group", id },
      changes: diffFields({ name: before.name, rules: before.rules }, { name: updated.name, rules: updated.rules }),
    });
    return updated;
  });
  await requestRollupRebuild(workspaceId, "Product groups changed");
  return toView(row);
}

export async function deleteProductGroup(workspaceId: string, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockGroups(tx, workspaceId);
    const before = await findGroup(tx, workspaceId, id);
    await tx.productGroup.delete({ where: { workspaceId_id: { workspaceId, id } } });
    await recordAudit(tx, { workspaceId, action: "product_group.deleted", target: { type: "product_group", id }, changes: diffFields({ name: before.name }, null) });
  });
  await requestRollupRebuild(workspaceId, "Product groups changed");
}

/** Sets the display order: `ids` must name every group of the workspace exactly once. */
export async function reorderProductGroups(workspaceId: string, input: unknown): Promise<ProductGroupView[]> {
  const { ids } = parseInput(ZReorderSchema, input);
  await db.$transaction(async (tx) => {
    await lockGroups(tx, workspaceId);
    const existing = await tx.productGroup.findMany({ where: { workspaceId }, select: { id: true } });
    const known = new Set(existing.map((g) => g.id));
    if (ids.some((id) => !known.has(id))) throw new AppError("not_found", "Product group not found.");
    if (new Set(ids).size !== ids.length || ids.length !== known.size) {
      throw AppError.field("ids", "List every product group exactly once.");
    }
    for (const [position, id] of ids.entries()) {
      await tx.productGroup.update({ where: { workspaceId_id: { workspaceId, id } }, data: { position } });
    }
    await recordAudit(tx, { workspaceId, action: "product_group.reordered", target: { type: "product_group", id: null }, changes: { order: { before: null, after: ids.join(",") } } });
  });
  // The order is presentation only: no rollup changes.
  return listProductGroups(workspaceId);
}

/** Moves one group up or down by one place. */
export async function moveProductGroup(workspaceId: string, id: string, direction: "up" | "down"): Promise<ProductGroupView[]> {
  const ids = (await listProductGroups(workspaceId)).map((g) => g.id);
  const at = ids.indexOf(id);
  if (at < 0) throw new AppError("not_found", "Product group not found.");
  const to = direction === "up" ? at - 1 : at + 1;
  if (to < 0 || to >= ids.length) return listProductGroups(workspaceId);
  [ids[at], ids[to]] = [ids[to]!, ids[at]!];
  return reorderProductGroups(workspaceId, { ids });
}
