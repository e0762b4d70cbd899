import { db } from "@/lib/db/client";
import type { AlertRule } from "@/lib/db/generated/client";
import { describeJudgement } from "./describe";
import { recordJudgement, type Judged, type Recorded } from "./incidents";
import { judgeIntegrationRule } from "./integration";
import { judgeMetricRule, type MetricRuleConfig } from "./judge";
import { paramsOf } from "./rules";
import type { IntegrationCheck } from "./schema";
import { localDate, startOfLocalDay, wallTimeIn } from "@/lib/time/zone";
import { logger } from "@/lib/log";

const log = logger("alerts");

// One evaluation pass over a workspace's rules, run hourly and after each sync: "today so far"
// metric rules and integration rules every time; complete-day rules once per local day, on the
// first pass after the day's syncs (every live connection has synced since midnight), or from
// LATEST_DAILY_HOUR on regardless, so one stuck connection cannot hold every alert back. A rule
// that cannot be judged (a report error) is logged and skipped, never allowed to stop the others.

/** Local hour after which complete days are judged even if a connection has not synced since midnight. */
export const LATEST_DAILY_HOUR = 9;

export type EvaluationScope = {
  /** Only this rule, whatever its window and whenever it last ran (a test, "evaluate now"). */
  ruleId?: string;
};

export type RuleOutcome = { ruleId: string; results: Recorded[]; error?: string };

export function metricConfigOf(rule: AlertRule): MetricRuleConfig {
  const filters = (rule.filters ?? {}) as MetricRuleConfig["filters"];
  return { metric: rule.metric!, filters, method: rule.method!, params: paramsOf(rule.params), window: rule.window! };
}

async function judgementsOf(rule: AlertRule, workspace: { timeZone: string; currency: string }, now: Date): Promise<Judged[]> {
  if (rule.kind === "integration") {
    return judgeIntegrationRule(rule.workspaceId, { name: rule.name, check: rule.check as IntegrationCheck, hours: rule.hours }, now, workspace.timeZone);
  }
  const config = metricConfigOf(rule);
  const judgement = await judgeMetricRule(rule.workspaceId, workspace.timeZone, config, now);
  return [describeJudgement(rule.name, config, judgement, workspace.currency, workspace.timeZone, now)];
}

/** Subjects with an open incident that the rule no longer reports on (a deleted connection) resolve quietly. */
async function closeVanished(rule: AlertRule, seen: readonly Judged[], now: Date): Promise<void> {
  if (rule.kind !== "integration") return;
  await db.alertIncident.updateMany({
    where: { workspaceId: rule.workspaceId, ruleId: rule.id, state: "open", subject: { notIn: seen.map((j) => j.subject) } },
    data: { state: "resolved", resolvedAt: now, summary: "The connection is gone." },
  });
}

export async function evaluateWorkspaceAlerts(workspaceId: string, scope: EvaluationScope = {}, now = new Date()): Promise<RuleOutcome[]> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { name: true, slug: true, timeZone: true, currency: true } });
  if (!workspace) return [];
  const dayStart = startOfLocalDay(localDate(now, workspace.timeZone), workspace.timeZone);
  const daily = scope.ruleId !== undefined || (await daySynced(workspaceId, dayStart, now, workspace.timeZone));
  const rules = await db.alertRule.findMany({
    where: {
      workspaceId,
      ...(scope.ruleId
        ? { id: scope.ruleId }
        : {
            OR: [
              { kind: "integration" },
              { kind: "metric", window: "today_so_far" },
              ...(daily ? [{ kind: "metric" as const, window: "complete_day" as const, OR: [{ lastEvaluatedAt: null }, { lastEvaluatedAt: { lt: dayStart } }] }] : []),
            ],
          }),
    },
    orderBy: { createdAt: "asc" },
  });
  const outcomes: RuleOutcome[] = [];
  for (const rule of rules) {
    try {
      const judged = await judgementsOf(rule, workspace, now);
      const results: Recorded[] = [];
      for (const j of judged) results.push(await recordJudgement(rule, j, workspace, now));
      await closeVanished(rule, judged, now);
      await db.alertRule.updateMany({ where: { workspaceId, id: rule.id }, data: { lastEvaluatedAt: now } });
      outcomes.push({ ruleId: rule.id, results });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error("rule not evaluated", { workspaceId, ruleId: rule.id, message });
      outcomes.push({ ruleId: rule.id, results: [], error: message });
    }
  }
  return outcomes;
}

/** Whether yesterday is complete in the data: every live connection synced since local midnight, or it is late enough. */
async function daySynced(workspaceId: string, dayStart: Date, now: Date, timeZone: string): Promise<boolean> {
  if (wallTimeIn(now, timeZone).hour >= LATEST_DAILY_HOUR) return true;
  const behind = await db.connection.count({
    where: { workspaceId, status: { not: "disconnected" }, provider: { not: "import" }, OR: [{ lastSuccessAt: null }, { lastSuccessAt: { lt: dayStart } }] },
  });
  return behind === 0;
}

/** Workspaces with at least one rule. */
export async function workspacesWithRules(): Promise<string[]> {
  const rows = await db.alertRule.findMany({ select: { workspaceId: true }, distinct: ["workspaceId"], orderBy: { workspaceId: "asc" } });
  return rows.map((r) => r.workspaceId);
}
