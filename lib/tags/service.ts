import { movedPersonKeys } from "@/lib/activity/segments";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/pool";
import type { Tag, TagRule } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { afterTagChange } from "./after-change";
import { tagSizes } from "./members";
import { changeMembersByHand, recordHistory } from "./membership";
import { BUILTINS, BUILTIN_TAGS, isBuiltin, type TBuiltin } from "./rules/builtins";
import { compileRule } from "./rules/compile";
import { parseRuleDefinition, type TRuleGroup } from "./rules/definition";
import { countMatches, ruleRunContext, runRule } from "./rules/run";
import { MAX_RULE_TAGS, MAX_TAGS, ZPreviewSchema, ZTagCreateSchema, ZTagUpdateSchema, type TTag } from "./schema";

// Tags of one workspace: created by hand or with a rule, renamed, switched, deleted. Every query
// names the workspace, so another workspace's tag is simply not found.

export const TAG_NOT_FOUND = "No such tag in this workspace.";
const EMPTY_TREE: TRuleGroup = { match: "all", conditions: [] };

function toTag(tag: Tag, rule: TagRule | null, size: number): TTag {
  return {
    id: tag.id,
    name: tag.name,
    kind: tag.kind === "rule" ? "rule" : "manual",
    description: tag.description,
    size,
    created_at: tag.createdAt.toISOString(),
    rule: rule && {
      definition: rule.definition,
      enabled: rule.enabled,
      builtin: isBuiltin(rule.builtin) ? rule.builtin : null,
      last_run_at: rule.lastRunAt?.toISOString() ?? null,
    },
  };
}

export async function tagRow(workspaceId: string, tagId: unknown): Promise<Tag> {
  const row = typeof tagId === "string" && tagId.length <= 64 && !tagId.includes("\u0000")
    ? await db.tag.findUnique({ where: { workspaceId_id: { workspaceId, id: tagId } } })
    : null;
  if (!row) throw notFound(TAG_NOT_FOUND);
  return row;
}

const ruleOf = (workspaceId: string, tagId: string) => db.tagRule.findUnique({ where: { workspaceId_tagId: { workspaceId, tagId } } });

/**
 * The built-in rules' tags, created switched on the first time the workspace's tags are read, and
 * run at once. A name already taken by the workspace's own tag gets " (built-in)".
 */
export async function ensureBuiltinRules(workspaceId: string, now = new Date()): Promise<void> {
  const have = await db.tagRule.findMany({ where: { workspaceId, builtin: { not: null } }, select: { builtin: true } });
  const missing = BUILTINS.filter((b) => !have.some((h) => h.builtin === b));
  if (missing.length === 0) return;
  const created = await inTransaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('tag-builtins'), hashtext($1))", [workspaceId]);
    const made: { tagId: string; builtin: TBuiltin }[] = [];
    for (const builtin of missing) {
      const exists = await client.query("SELECT 1 FROM tag_rules WHERE workspace_id = $1 AND builtin = $2", [workspaceId, builtin]);
      if (exists.rowCount) continue;
      const { name, description } = BUILTIN_TAGS[builtin];
      const taken = await client.query("SELECT 1 FROM tags WHERE workspace_id = $1 AND lower(name) = lower($2)", [workspaceId, name]);
      const tagId = `builtin_${builtin}_${crypto.randomUUID().slice(0, 8)}`;
      await client.query("INSERT INTO tags (workspace_id, id, name, kind, description) VALUES ($1, $2, $3, 'rule', $4)", [
        workspaceId, tagId, taken.rowCount ? `${name} (built-in)` : name, description,
      ]);
      await client.query("INSERT INTO tag_rules (workspace_id, id, tag_id, definition, builtin) VALUES ($1, $2, $2, $3, $4)", [
        workspaceId, tagId, JSON.stringify(EMPTY_TREE), builtin,
      ]);
      made.push({ tagId, builtin });
    }
    return made;
  });
  if (created.length === 0) return;
  const ctx = await ruleRunContext(workspaceId, now);
  for (const { tagId } of created) {
    const rule = await ruleOf(workspaceId, tagId);
    if (rule) await runRule(workspaceId, rule, now, ctx);
  }
}

export async function listTags(workspaceId: string): Promise<TTag[]> {
  await ensureBuiltinRules(workspaceId);
  const [tags, rules, sizes] = await Promise.all([
    db.tag.findMany({ where: { workspaceId }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    db.tagRule.findMany({ where: { workspaceId } }),
    tagSizes(workspaceId),
  ]);
  const ruleByTag = new Map(rules.map((r) => [r.tagId, r]));
  return tags
    .map((t) => toTag(t, ruleByTag.get(t.id) ?? null, sizes.get(t.id) ?? 0))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
}

export async function getTag(workspaceId: string, tagId: unknown): Promise<TTag> {
  const tag = await tagRow(workspaceId, tagId);
  const [rule, sizes] = await Promise.all([ruleOf(workspaceId, tag.id), tagSizes(workspaceId)]);
  return toTag(tag, rule, sizes.get(tag.id) ?? 0);
}

async function assertNameFree(workspaceId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await db.tag.findFirst({ where: { workspaceId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  if (clash) throw AppError.field("name", `A tag named "${clash.name}" already exists.`, "conflict");
}

async function validRule(workspaceId: string, input: unknown): Promise<TRuleGroup> {
  return parseRuleDefinition(input, await ruleRunContext(workspaceId), "rule");
}

export async function createTag(workspaceId: string, input: unknown, userId: string | null, now = new Date()): Promise<TTag> {
  const { name, description, rule: ruleInput, segment_move: move } = parseInput(ZTagCreateSchema, input);
  if (move && ruleInput !== undefined) throw AppError.field("segment_move", "A rule tag's members come from its rule: send a rule or segment_move, not both.");
  const tree = ruleInput === undefined ? null : await validRule(workspaceId, ruleInput);
  await assertNameFree(workspaceId, name);
  const [total, ruled] = await Promise.all([db.tag.count({ where: { workspaceId } }), db.tagRule.count({ where: { workspaceId, builtin: null } })]);
  if (total >= MAX_TAGS) throw new AppError("bad_request", `A workspace has at most ${MAX_TAGS} tags; delete one first.`);
  if (tree && ruled >= MAX_RULE_TAGS) throw AppError.field("rule", `A workspace has at most ${MAX_RULE_TAGS} rule tags; delete one first.`);
  const tag = await db.$transaction(async (tx) => {
    const created = await tx.tag.create({ data: { workspaceId, name, kind: tree ? "rule" : "manual", description: description ?? null, createdBy: userId } });
    if (tree) await tx.tagRule.create({ data: { workspaceId, tagId: created.id, definition: tree } });
    return created;
  }).catch((error: unknown) => {
    if ((error as { code?: string }).code === "P2002") throw AppError.field("name", `A tag named "${name}" already exists.`, "conflict");
    throw error;
  });
  if (tree) {
    const rule = await ruleOf(workspaceId, tag.id);
    if (rule) await runRule(workspaceId, rule, now);
  }
  if (move) {
    const { timeZone } = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timeZone: true } });
    try {
      await changeMembersByHand(workspaceId, tag.id, { add: await movedPersonKeys(workspaceId, timeZone, move, now) }, now);
    } catch (error) {
      // No half-made list: the tag goes with the members it could not be given.
      await db.tag.delete({ where: { workspaceId_id: { workspaceId, id: tag.id } } });
      throw error;
    }
  }
  return getTag(workspaceId, tag.id);
}

/** Changes the fields sent; a rule change or a switch runs the rule over everyone, recording who moved. */
export async function updateTag(workspaceId: string, tagId: unknown, input: unknown, now = new Date()): Promise<TTag> {
  const tag = await tagRow(workspaceId, tagId);
  const change = parseInput(ZTagUpdateSchema, input);
  const rule = await ruleOf(workspaceId, tag.id);
  if ((change.rule !== undefined || change.enabled !== undefined) && !rule) {
    throw AppError.field(change.rule !== undefined ? "rule" : "enabled", "This tag is set by hand; create a rule tag for a rule.");
  }
  if (change.rule !== undefined && rule?.builtin) throw AppError.field("rule", "A built-in rule cannot be edited; switch it off and create your own.");
  const tree = change.rule === undefined ? null : await validRule(workspaceId, change.rule);
  if (change.name !== undefined) await assertNameFree(workspaceId, change.name, tag.id);
  await db.$transaction(async (tx) => {
    if (change.name !== undefined || change.description !== undefined) {
      await tx.tag.update({ where: { workspaceId_id: { workspaceId, id: tag.id } }, data: { name: change.name, description: change.description } });
    }
    if (rule && (tree || change.enabled !== undefined)) {
      await tx.tagRule.update({ where: { workspaceId_id: { workspaceId, id: rule.id } }, data: { ...(tree ? { definition: tree } : {}), enabled: change.enabled } });
    }
  }).catch((error: unknown) => {
    if ((error as { code?: string }).code === "P2002") throw AppError.field("name", "A tag with that name already exists.", "conflict");
    throw error;
  });
  const ruleChanged = tree !== null || (change.enabled !== undefined && change.enabled !== rule?.enabled);
  if (rule && ruleChanged) {
    const updated = await ruleOf(workspaceId, tag.id);
    if (updated) await runRule(workspaceId, updated, now);
  }
  return getTag(workspaceId, tag.id);
}

/** Deletes a tag; its members leave it (recorded), its history stays without its name. */
export async function deleteTag(workspaceId: string, tagId: unknown, now = new Date()): Promise<void> {
  const tag = await tagRow(workspaceId, tagId);
  const rule = await ruleOf(workspaceId, tag.id);
  if (rule?.builtin) throw AppError.field("id", "A built-in tag cannot be deleted; switch its rule off instead.");
  const removed = await inTransaction(async (client) => {
    const { rows } = await client.query<{ person_key: string }>(
      "DELETE FROM person_tags WHERE workspace_id = $1 AND tag_id = $2 RETURNING person_key",
      [workspaceId, tag.id],
    );
    const keys = rows.map((r) => r.person_key).sort();
    await recordHistory(client, workspaceId, tag.id, { added: [], removed: keys }, now, tag.kind === "rule" ? "rule" : "manual");
    await client.query("DELETE FROM tag_rules WHERE workspace_id = $1 AND tag_id = $2", [workspaceId, tag.id]);
    await client.query("DELETE FROM tags WHERE workspace_id = $1 AND id = $2", [workspaceId, tag.id]);
    return keys;
  });
  await afterTagChange({ workspaceId, tagId: tag.id, added: [], removed, at: now });
}

/** How many people a rule would tag now, without saving it (the rule builder's live count). */
export async function previewRule(workspaceId: string, input: unknown): Promise<{ count: number }> {
  const { rule } = parseInput(ZPreviewSchema, input);
  const ctx = await ruleRunContext(workspaceId);
  const tree = parseRuleDefinition(rule, ctx, "rule");
  return { count: await countMatches(compileRule(tree), ctx) };
}
