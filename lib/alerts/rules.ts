import { db } from "@/lib/db/client";
import { createWithinLimit } from "@/lib/billing/limits";
import type { AlertRule } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { ZRuleInputSchema, ZRuleParamsSchema, ZSilenceSchema, type TRuleInput, type TRuleParams } from "./schema";
import type { SeriesFilters } from "./series";
import type { RuleView } from "./views";

// Alert rules of one workspace. Every query names the workspace, so a rule of another workspace is
// simply not found; destinations are checked against the workspace's own.

export const RULE_NOT_FOUND = "No such alert rule in this workspace.";
/** Enough for every KPI of a shop several times over, and a bound on the hourly work per workspace. */
export const MAX_RULES = 100;


const filtersOf = (value: unknown): SeriesFilters => {
  const v = (value ?? {}) as SeriesFilters;
  return { ...(v.channel ? { channel: v.channel } : {}), ...(v.platform ? { platform: v.platform } : {}) };
};

export const paramsOf = (value: unknown): TRuleParams => ZRuleParamsSchema.catch({}).parse(value ?? {});

export function toRuleView(row: AlertRule): RuleView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    metric: row.metric,
    filters: filtersOf(row.filters),
    method: row.method,
    params: paramsOf(row.params),
    window: row.window,
    check: row.check,
    hours: row.hours,
    destination_ids: row.destinationIds,
    muted: row.muted,
    snoozed_until: row.snoozedUntil?.toISOString() ?? null,
    last_evaluated_at: row.lastEvaluatedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The stored columns of a validated rule: fields of the other kind are cleared, not kept. */
function columnsOf(rule: TRuleInput) {
  const metric = rule.kind === "metric";
  return {
    name: rule.name,
    kind: rule.kind,
    metric: metric ? rule.metric! : null,
    filters: metric ? rule.filters : {},
    method: metric ? rule.method! : null,
    params: metric ? rule.params : {},
    window: metric ? rule.window! : null,
    check: metric ? null : rule.check!,
    hours: metric ? null : (rule.hours ?? null),
    destinationIds: [...new Set(rule.destination_ids)],
    muted: rule.muted,
    snoozedUntil: rule.snoozed_until ? new Date(rule.snoozed_until) : null,
  };
}

/** Refuses destination ids that are not the workspace's own, naming the first such entry. */
async function checkDestinations(workspaceId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.notificationDestination.findMany({ where: { workspaceId, id: { in: [...ids] } }, select: { id: true } });
  const known = new Set(found.map((d) => d.id));
  const index = ids.findIndex((id) => !known.has(id));
  if (index >= 0) throw AppError.field(`destination_ids.${index}`, `No notification destination "${ids[index]}" in this workspace.`);
}

export async function listRules(workspaceId: string): Promise<RuleView[]> {
  const rows = await db.alertRule.findMany({ where: { workspaceId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toRuleView);
}

export async function getRuleRow(workspaceId: string, ruleId: string): Promise<AlertRule> {
  const row = typeof ruleId === "string" && ruleId.length <= 64 ? await db.alertRule.findUnique({ where: { workspaceId_id: { workspaceId, id: ruleId } } }) : null;
  if (!row) throw notFound(RULE_NOT_FOUND);
  return row;
}

export const getRule = async (workspaceId: string, ruleId: string) => toRuleView(await getRuleRow(workspaceId, ruleId));

export async function createRule(workspaceId: string, input: unknown, userId: string | null): Promise<RuleView> {
  const rule = parseInput(ZRuleInputSchema, input);
  await checkDestinations(workspaceId, rule.destination_ids);
  if ((await db.alertRule.count({ where: { workspaceId } })) >= MAX_RULES) {
    throw new AppError("bad_request", `A workspace has at most ${MAX_RULES} alert rules; delete one first.`);
  }
  const row = await createWithinLimit(workspaceId, "digestsAndAlertRules", (tx) => tx.alertRule.create({ data: { workspaceId, createdById: userId, ...columnsOf(rule) } }));
  return toRuleView(row);
}

/** Replaces the rule (PUT semantics on PATCH: the body is a whole rule, validated as one). */
export async function updateRule(workspaceId: string, ruleId: string, input: unknown): Promise<RuleView> {
  const existing = await getRuleRow(workspaceId, ruleId);
  const merged = input && typeof input === "object" && !Array.isArray(input) ? { ...editableOf(existing), ...input } : input;
  const rule = parseInput(ZRuleInputSchema, merged);
  await checkDestinations(workspaceId, rule.destination_ids);
  const row = await db.alertRule.update({ where: { workspaceId_id: { workspaceId, id: ruleId } }, data: columnsOf(rule) });
  return toRuleView(row);
}

/** The stored rule as input, so a PATCH may send only the fields it changes. */
function editableOf(row: AlertRule): Record<string, unknown> {
  const view = toRuleView(row);
  const fields = ["name", "kind", "metric", "filters", "method", "params", "window", "check", "hours", "destination_ids", "muted", "snoozed_until"] as const;
  return Object.fromEntries(fields.map((f) => [f, view[f]]).filter(([, v]) => v !== null));
}

/** Mute, unmute, snooze until a time or end a snooze. */
export async function silenceRule(workspaceId: string, ruleId: string, input: unknown): Promise<RuleView> {
  const data = parseInput(ZSilenceSchema, input);
  await getRuleRow(workspaceId, ruleId);
  const row = await db.alertRule.update({
    where: { workspaceId_id: { workspaceId, id: ruleId } },
    data: {
      ...(data.muted === undefined ? {} : { muted: data.muted }),
      ...(data.snoozed_until === undefined ? {} : { snoozedUntil: data.snoozed_until === null ? null : new Date(data.snoozed_until) }),
    },
  });
  return toRuleView(row);
}

export async function deleteRule(workspaceId: string, ruleId: string): Promise<void> {
  await getRuleRow(workspaceId, ruleId);
  await db.$transaction([
    db.alertIncident.deleteMany({ where: { workspaceId, ruleId } }),
    db.alertRule.delete({ where: { workspaceId_id: { workspaceId, id: ruleId } } }),
  ]);
}
