import type { PoolClient } from "pg";
import { db } from "@/lib/db/client";
import { getPool, inTransaction, utc } from "@/lib/db/pool";
import type { TagRule } from "@/lib/db/generated/client";
import { productGroupRules } from "@/lib/metrics/settings/group-rules";
import { getMetricSettings } from "@/lib/metrics/settings/store";
import { localDate } from "@/lib/time/zone";
import { afterTagChange } from "../after-change";
import { recordHistory, type TMembershipDiff } from "../membership";
import { compileBuiltin, isBuiltin } from "./builtins";
import { compileRule, rulePreamble, type TCompiledRule, type TRuleSource } from "./compile";
import { parseRuleDefinition, type TRuleContext } from "./definition";
import { logger } from "@/lib/log";

const log = logger("tags");

// Running rules: each rule's matching people are computed by one statement that also diffs them
// against who has the tag, applies the difference and returns it; the history is written in the
// same transaction and afterTagChange hears of it once committed. A run for some people (those a
// recompute changed) looks at them alone; "all" looks at everyone.

export type TRunScope = readonly string[] | "all";
export type TRuleRunContext = TRuleContext & { workspaceId: string; today: string; groups: string; matchers: string };

/** Whether lib/activity's person_activity table exists (its fields are refused until it does). */
export async function activityAvailable(): Promise<boolean> {
  const { rows } = await getPool().query<{ ok: boolean }>("SELECT to_regclass('person_activity') IS NOT NULL AS ok");
  return rows[0]!.ok;
}

export async function ruleRunContext(workspaceId: string, now = new Date()): Promise<TRuleRunContext> {
  const [workspace, groups, settings, activity] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timeZone: true } }),
    productGroupRules(workspaceId),
    getMetricSettings(workspaceId),
    activityAvailable(),
  ]);
  return {
    workspaceId,
    today: localDate(now, workspace.timeZone),
    groups: JSON.stringify(groups),
    matchers: JSON.stringify(settings.excludedLineItems),
    activity,
    groupKeys: [...new Set(groups.map((g) => g.key))],
  };
}

const fixedParams = (ctx: TRuleRunContext, scope: TRunScope) => [ctx.workspaceId, scope === "all" ? null : [...scope], ctx.today, ctx.groups, ctx.matchers];

/** The rule's SELECT, or null for a stored tree that no longer validates (a product group deleted since). */
export function compiledRuleOf(rule: Pick<TagRule, "builtin" | "definition" | "id">, ctx: TRuleRunContext): TCompiledRule | null {
  if (rule.builtin !== null) return isBuiltin(rule.builtin) ? compileBuiltin(rule.builtin) : null;
  try {
    return compileRule(parseRuleDefinition(rule.definition, ctx));
  } catch (error) {
    log.error("rule no longer validates; its members are kept", { ruleId: rule.id, err: error });
    return null;
  }
}

/** How many people a rule would tag now (the rule builder's live preview). */
export async function countMatches(compiled: TCompiledRule, ctx: TRuleRunContext): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    `WITH ${rulePreamble("tables")} SELECT count(*)::int AS n FROM (${compiled.select}) AS matched`,
    [...fixedParams(ctx, "all"), ...compiled.params],
  );
  return rows[0]!.n;
}

// target: who matches; members: who has the tag now (among those looked at); removed: members
// who no longer match; added: the new ones. Only real changes are written, and both sets are
// hashed set differences handed to the primary key as arrays, so no plan can compare every
// member with every match however stale the statistics are. The tag and the time come after the
// rule's own parameters (`taken` of them in all).
const diffSql = (select: string, source: TRuleSource, taken: number, tag = `$${taken + 1}`, at = `$${taken + 2}`) => `WITH ${rulePreamble(source)},
target AS MATERIALIZED (SELECT DISTINCT person_key FROM (${select}) AS matched),
members AS MATERIALIZED (${
  source === "scope"
    ? `SELECT person_key FROM rule_scope_tags WHERE tag_id = ${tag}`
    : `SELECT pt.person_key FROM person_tags pt WHERE pt.workspace_id = $1 AND pt.tag_id = ${tag}
    AND ($2::text[] IS NULL OR pt.person_key = ANY($2::text[]))`
}),
removed AS (
  DELETE FROM person_tags pt WHERE pt.workspace_id = $1 AND pt.tag_id = ${tag}
    AND pt.person_key = ANY(ARRAY(SELECT person_key FROM members EXCEPT SELECT person_key FROM target))
  RETURNING pt.person_key
),
added AS (
  INSERT INTO person_tags (workspace_id, tag_id, person_key, since, source)
  SELECT $1, ${tag}, n.person_key, ${at}, 'rule' FROM (SELECT person_key FROM target EXCEPT SELECT person_key FROM members) n
  ON CONFLICT DO NOTHING RETURNING person_key
)
SELECT 'added' AS change, person_key FROM added UNION ALL SELECT 'removed', person_key FROM removed`;

/** One run per tag at a time: two runs diffing the same members would both record a change. */
async function lockTag(client: PoolClient, workspaceId: string, tagId: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('tag-rule'), hashtext($1 || ':' || $2))", [workspaceId, tagId]);
}

/** Applies one rule to the people in scope, in the caller's transaction; returns what changed. */
async function applyRule(
  client: PoolClient,
  ctx: TRuleRunContext,
  tagId: string,
  compiled: TCompiledRule | null,
  scope: TRunScope,
  at: Date,
  source: TRuleSource = "tables",
): Promise<TMembershipDiff> {
  await lockTag(client, ctx.workspaceId, tagId);
  // A switched-off rule matches no one, so its members leave with a recorded history.
  const select = compiled?.select ?? "SELECT NULL::text AS person_key WHERE false";
  const params = [...fixedParams(ctx, scope), ...(compiled?.params ?? [])];
  const { rows } = await client.query<{ change: "added" | "removed"; person_key: string }>(diffSql(select, source, params.length), [...params, tagId, utc(at)]);
  const diff = {
    added: rows.filter((r) => r.change === "added").map((r) => r.person_key).sort(),
    removed: rows.filter((r) => r.change === "removed").map((r) => r.person_key).sort(),
  };
  await recordHistory(client, ctx.workspaceId, tagId, diff, at, "rule");
  await client.query("UPDATE tag_rules SET last_run_at = $3 WHERE workspace_id = $1 AND tag_id = $2", [ctx.workspaceId, tagId, utc(at)]);
  return diff;
}

/**
 * Runs one rule now (after it was created, changed or switched): everyone is looked at. A
 * switched-off rule empties its tag. Returns what changed.
 */
export async function runRule(workspaceId: string, rule: TagRule, now = new Date(), ctx?: TRuleRunContext): Promise<TMembershipDiff> {
  const context = ctx ?? (await ruleRunContext(workspaceId, now));
  const compiled = rule.enabled ? compiledRuleOf(rule, context) : null;
  // A stored rule that no longer validates keeps its members rather than emptying the tag.
  if (rule.enabled && compiled === null) return { added: [], removed: [] };
  const diff = await inTransaction((client) => applyRule(client, context, rule.tagId, compiled, "all", now));
  await afterTagChange({ workspaceId, tagId: rule.tagId, ...diff, at: now });
  return diff;
}

// The rows of a scoped run's people, copied once for all its rules: their profiles and activity
// (rulePreamble("scope")) and the tags they have (diffSql's members).
const SCOPE_TABLES_SQL = [
  "CREATE TEMP TABLE rule_scope_profiles ON COMMIT DROP AS SELECT * FROM customer_profiles WHERE workspace_id = $1 AND customer_key = ANY($2::text[])",
  "CREATE TEMP TABLE rule_scope_activity ON COMMIT DROP AS SELECT * FROM person_activity WHERE workspace_id = $1 AND person_key = ANY($2::text[])",
  "CREATE TEMP TABLE rule_scope_tags ON COMMIT DROP AS SELECT tag_id, person_key FROM person_tags WHERE workspace_id = $1 AND person_key = ANY($2::text[])",
];

/**
 * Every switched-on rule of the workspace, for the people a recompute changed (or everyone).
 * Everyone: a transaction per rule, so a nightly run holds no rule's lock for the others' time.
 * Some people: one transaction over copies of their rows, each rule behind a savepoint, so a
 * rule that fails loses its own changes alone.
 */
export async function runTagRules(workspaceId: string, changed: TRunScope, now = new Date()): Promise<Map<string, TMembershipDiff>> {
  const results = new Map<string, TMembershipDiff>();
  if (changed !== "all" && changed.length === 0) return results;
  const rules = await db.tagRule.findMany({ where: { workspaceId, enabled: true }, orderBy: { id: "asc" } });
  if (rules.length === 0) return results;
  const ctx = await ruleRunContext(workspaceId, now);
  const compiled = rules.flatMap((rule) => {
    const select = compiledRuleOf(rule, ctx);
    return select ? [{ tagId: rule.tagId, compiled: select }] : [];
  });
  if (compiled.length === 0) return results;
  if (changed === "all") {
    for (const { tagId, compiled: rule } of compiled) {
      const diff = await inTransaction((client) => applyRule(client, ctx, tagId, rule, "all", now));
      results.set(tagId, diff);
      await afterTagChange({ workspaceId, tagId, ...diff, at: now });
    }
    return results;
  }
  await inTransaction(async (client) => {
    // Every rule's lock first (in the rules' order, as every scoped run takes them), so the copies
    // of who has which tag stay true until each rule has run.
    for (const { tagId } of compiled) await lockTag(client, workspaceId, tagId);
    for (const sql of SCOPE_TABLES_SQL) await client.query(sql, [workspaceId, [...changed]]);
    for (const { tagId, compiled: rule } of compiled) {
      await client.query("SAVEPOINT tag_rule");
      try {
        // The copies hold the scope's people alone: everyone in them is looked at.
        results.set(tagId, await applyRule(client, ctx, tagId, rule, "all", now, "scope"));
        await client.query("RELEASE SAVEPOINT tag_rule");
      } catch (error) {
        await client.query("ROLLBACK TO SAVEPOINT tag_rule");
        log.error("rule failed; its tag is left as it was", { workspaceId, tagId, err: error });
      }
    }
  });
  for (const [tagId, diff] of results) await afterTagChange({ workspaceId, tagId, ...diff, at: now });
  return results;
}
