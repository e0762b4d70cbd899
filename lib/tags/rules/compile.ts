import { included, inGroup } from "@/lib/metrics/rollups/facts-sql";
import { RULE_FIELDS, usesActivity, type TNumberField } from "./fields";
import { isGroup, type TRuleCondition, type TRuleGroup } from "./definition";

// A rule tree compiled to one set-based SELECT of the person keys that match it. Parameters:
// $1 workspace, $2 the person keys to consider (null: everyone), $3 today in the workspace's zone,
// $4 product group rules (jsonb, as the rollups read them), $5 exclusion matchers (jsonb); every
// value of the tree follows as its own parameter, never spliced into the text.

/** `select` reads the CTEs of rulePreamble; `params` follow the fixed ones. */
export type TCompiledRule = { select: string; params: unknown[] };
export const FIXED_PARAMS = 5;

const NUMBER_SQL: Record<string, string> = { gt: ">", gte: ">=", lt: "<", lte: "<=", eq: "=" };

class Builder {
  readonly params: unknown[] = [];
  activity = false;
  groups = false;

  param(value: unknown, cast: string): string {
    this.params.push(value);
    return `$${FIXED_PARAMS + this.params.length}::${cast}`;
  }

  condition(c: TRuleCondition): string {
    const field = RULE_FIELDS[c.field];
    if (usesActivity(field)) this.activity = true;
    if (field.kind === "groups") {
      this.groups = true;
      const keys = this.param(c.value, "text[]");
      const bought = `EXISTS (
        SELECT 1 FROM customer_events ce
        JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = ce.connection_id AND l.order_id = ce.order_id
        JOIN tag_group_rules g ON g.key = ANY(${keys}) AND ${inGroup("l", "g")}
        WHERE ce.workspace_id = $1 AND ce.customer_key = cp.customer_key AND ce.is_order AND ${included("l")})`;
      return c.op === "any_of" ? bought : `NOT ${bought}`;
    }
    if (field.kind === "number") return this.numberCondition(field, c);
    const values = Array.isArray(c.value) ? c.value : [c.value as string];
    const list = this.param(values, "text[]");
    // "is not" holds for a person the field knows nothing of (no country, no activity yet).
    return c.op === "is" || c.op === "in" ? `COALESCE(${field.sql} = ANY(${list}), false)` : `COALESCE(NOT (${field.sql} = ANY(${list})), true)`;
  }

  numberCondition(field: TNumberField, c: TRuleCondition): string {
    // Money and scores compare exactly as numeric; a person without the figure never matches.
    if (c.op === "between") {
      const [from, to] = c.value as [number, number];
      return `COALESCE(${field.sql} BETWEEN ${this.param(from, "numeric")} AND ${this.param(to, "numeric")}, false)`;
    }
    return `COALESCE(${field.sql} ${NUMBER_SQL[c.op]} ${this.param(c.value, "numeric")}, false)`;
  }

  group(g: TRuleGroup): string {
    const parts = g.conditions.map((c) => (isGroup(c) ? this.group(c) : this.condition(c)));
    if (parts.length === 0) return g.match === "all" ? "true" : "false";
    return `(${parts.join(g.match === "all" ? " AND " : " OR ")})`;
  }
}

/**
 * Where a rule reads people from: the workspace's tables, or the copies of its scope's rows a
 * scoped run makes once for all its rules (SCOPE_TABLES_SQL in run.ts), so ten rules over ten
 * thousand people look each of them up once rather than ten times.
 */
export type TRuleSource = "tables" | "scope";

/**
 * The statement's preamble: the product group rules and exclusions as the rollups read them, and
 * the people (rule_profiles, rule_activity) from `source`. Those two are inlined where a rule
 * reads them, so against the tables the planner sees the tables themselves.
 */
export const rulePreamble = (source: TRuleSource) => `tag_group_rules AS (
  SELECT r.key, lower(r.field) AS field, lower(r.value) AS value FROM jsonb_to_recordset($4::jsonb) AS r(key text, field text, value text)
), matchers AS (
  SELECT lower(m.field) AS field, lower(m.value) AS value FROM jsonb_to_recordset($5::jsonb) AS m(field text, value text)
), rule_today AS (SELECT $3::date AS day),
rule_profiles AS NOT MATERIALIZED (SELECT * FROM ${source === "scope" ? "rule_scope_profiles" : "customer_profiles"}),
rule_activity AS NOT MATERIALIZED (SELECT * FROM ${source === "scope" ? "rule_scope_activity" : "person_activity"})`;

/** Everyone of the workspace the rule could look at, with their activity when a rule reads it. */
export function personsFrom(activity: boolean): string {
  // The activity rows are restricted to the persons in scope too: the planner does not carry the
  // scope across the join, and would read every person's activity for a few persons' rules.
  const activityJoin = " LEFT JOIN rule_activity pa ON pa.workspace_id = $1 AND pa.person_key = cp.customer_key AND ($2::text[] IS NULL OR pa.person_key = ANY($2::text[]))";
  return `rule_profiles cp${activity ? activityJoin : ""}
  WHERE cp.workspace_id = $1 AND ($2::text[] IS NULL OR cp.customer_key = ANY($2::text[]))`;
}

/** A validated tree as a SELECT of person_key (after rulePreamble's CTEs). */
export function compileRule(tree: TRuleGroup): TCompiledRule {
  const builder = new Builder();
  const where = builder.group(tree);
  return { select: `SELECT cp.customer_key AS person_key FROM ${personsFrom(builder.activity)} AND ${where}`, params: builder.params };
}
