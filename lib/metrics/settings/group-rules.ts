import { z } from "zod";
import { db } from "@/lib/db/client";

// Product group rules flattened for the rollup statement: one { key, field, value } per rule.
// Stored rules that no longer parse are skipped rather than failing every rebuild.

const ZStoredRule = z.object({ field: z.enum(["title", "sku", "product", "tag"]), value: z.string().min(1) });

export type FlatGroupRule = { key: string; field: string; value: string };

export async function productGroupRules(workspaceId: string): Promise<FlatGroupRule[]> {
  const groups = await db.productGroup.findMany({ where: { workspaceId }, select: { key: true, rules: true } });
  return groups.flatMap((g) => {
    const rules = z.array(ZStoredRule).safeParse(g.rules);
    return rules.success ? rules.data.map((r) => ({ key: g.key, field: r.field, value: r.value.trim() })) : [];
  });
}
