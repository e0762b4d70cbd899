import type { Metadata } from "next";
import Link from "next/link";
import { RuleEditor } from "@/components/alerts/rule-editor";
import { UpgradePrompts } from "@/components/billing/upgrade-prompt";
import { ActionForm } from "@/components/ui/action-form";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { listIncidents } from "@/lib/alerts/incidents";
import { listRules } from "@/lib/alerts/rules";
import { CHECK_LABELS, type IntegrationCheck } from "@/lib/alerts/schema";
import type { RuleView } from "@/lib/alerts/views";
import { limitsReached } from "@/lib/billing/limits";
import { METRICS } from "@/lib/metrics/definitions/registry";
import { formatMetric } from "@/lib/metrics/report/format";
import { listDestinations } from "@/lib/notifications/destinations";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { checkRuleNowAction, deleteRuleAction, previewRuleAction, saveRuleAction, silenceRuleAction } from "./actions";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

function ruleInWords(rule: RuleView, labels: Map<string, string>): string {
  if (rule.kind === "integration") return `${CHECK_LABELS[rule.check as IntegrationCheck] ?? rule.check}${rule.hours ? `, ${rule.hours} h` : ""}`;
  const metric = labels.get(rule.metric ?? "") ?? rule.metric;
  const p = rule.params;
  const how = rule.method === "threshold" ? `${p.operator} ${p.value}` : rule.method === "change" ? `${p.direction} of ${p.percent}%` : `anomaly (${p.direction}, ${p.sensitivity})`;
  return `${metric}: ${how}, ${rule.window === "today_so_far" ? "today so far" : "complete days"}`;
}

function silenceWords(rule: RuleView, when: Intl.DateTimeFormat): string {
  if (rule.muted) return "Muted";
  if (rule.snoozed_until && new Date(rule.snoozed_until) > new Date()) return `Snoozed until ${when.format(new Date(rule.snoozed_until))}`;
  return "Active";
}

function SilenceButton({ slug, ruleId, what, label }: { slug: string; ruleId: string; what: string; label: string }) {
  return (
    <form action={what === "delete" ? deleteRuleAction : silenceRuleAction} className="inline">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="rule_id" value={ruleId} />
      <input type="hidden" name="what" value={what} />
      <button type="submit" className="text-sm font-medium text-brand-700 hover:underline">{label}</button>
    </form>
  );
}

export default async function AlertsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ edit?: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const { edit } = await searchParams;
  const [rules, incidents, destinations] = await Promise.all([listRules(workspace.id), listIncidents(workspace.id, { limit: 50 }), listDestinations(workspace.id)]);
  const canEdit = can(role, "dashboards.edit");
  const reached = canEdit ? await limitsReached(workspace.id, ["digestsAndAlertRules"]) : [];
  const labels = new Map(METRICS.map((m) => [m.id, m.label]));
  const names = new Map(rules.map((r) => [r.id, r.name]));
  const formats = new Map(METRICS.map((m) => [m.id, m.format]));
  const ruleMetric = new Map(rules.map((r) => [r.id, r.metric]));
  // An incident keeps the report's exact figures; shown in the metric's own format.
  const shown = (ruleId: string, value: string | null) => formatMetric(value, formats.get(ruleMetric.get(ruleId) ?? "") ?? "ratio", workspace.currency);
  const editing = rules.find((r) => r.id === edit) ?? null;
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.timeZone });
  const base = `/w/${workspace.slug}/alerts`;
  const editorProps = {
    slug: workspace.slug,
    metrics: METRICS.map((m) => ({ id: m.id, label: m.label })),
    destinations: destinations.map((d) => ({ id: d.id, name: d.name })),
    canEdit,
    save: saveRuleAction,
    preview: previewRuleAction,
  };
  return (
    <div className="space-y-6">
      <PageHeader title="Alerts" description="Rules on metrics and connections; one message per incident: when it opens, if it worsens, and when it resolves." />
      <UpgradePrompts messages={reached} slug={workspace.slug} canBill={can(role, "billing.manage")} />
      <Card title="Incidents">
        {incidents.length === 0 ? (
          <p className="text-sm text-slate-500">No incidents yet.</p>
        ) : (
          <DataTable columns={[{ label: "State" }, { label: "Rule" }, { label: "What happened" }, { label: "Opened" }, { label: "Messages", align: "right" }]}>
            {incidents.map((i) => (
              <tr key={i.id} data-testid="incident">
                <td className="py-2 pr-4">
                  <span className={i.state === "open" ? "font-medium text-red-700" : "text-slate-500"}>{i.state === "open" ? "Open" : "Resolved"}</span>
                </td>
                <td className="py-2 pr-4">{names.get(i.rule_id) ?? "—"}</td>
                <td className="py-2 pr-4">
                  <p>{i.summary}</p>
                  {i.value !== null || i.baseline !== null ? (
                    <p className="text-xs text-slate-600" data-testid="incident-figures">Value {shown(i.rule_id, i.value)} · Baseline {shown(i.rule_id, i.baseline)}</p>
                  ) : null}
                  <p className="text-xs text-slate-500">{i.method}</p>
                </td>
                <td className="py-2 pr-4 whitespace-nowrap">{when.format(new Date(i.opened_at))}</td>
                <td className="py-2 text-right">{i.sends}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      <Card title="Rules">
        {rules.length === 0 ? (
          <p className="text-sm text-slate-500">No rules yet.</p>
        ) : (
          <DataTable columns={[{ label: "Rule" }, { label: "Watches" }, { label: "Status" }, { label: "" }]}>
            {rules.map((r) => (
              <tr key={r.id} data-testid="alert-rule">
                <td className="py-2 pr-4 font-medium">{r.name}</td>
                <td className="py-2 pr-4">{ruleInWords(r, labels)}</td>
                <td className="py-2 pr-4">{silenceWords(r, when)}</td>
                <td className="py-2 space-x-3 whitespace-nowrap">
                  {canEdit ? (
                    <>
                      <ActionForm action={checkRuleNowAction} hidden={{ slug: workspace.slug, rule_id: r.id }} label={`Check ${r.name} now`} className="mb-1 whitespace-normal">
                        <SubmitButton variant="secondary" pendingLabel="Checking…">Check now</SubmitButton>
                      </ActionForm>
                      <Link href={`${base}?edit=${r.id}`} className="text-sm font-medium text-brand-700 hover:underline">Edit</Link>
                      {r.muted || (r.snoozed_until && new Date(r.snoozed_until) > new Date()) ? (
                        <SilenceButton slug={workspace.slug} ruleId={r.id} what="unmute" label="Unmute" />
                      ) : (
                        <>
                          <SilenceButton slug={workspace.slug} ruleId={r.id} what="snooze" label="Snooze 24 h" />
                          <SilenceButton slug={workspace.slug} ruleId={r.id} what="mute" label="Mute" />
                        </>
                      )}
                      <SilenceButton slug={workspace.slug} ruleId={r.id} what="delete" label="Delete" />
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      {editing ? (
        <Card title={`Edit “${editing.name}”`} description={<Link href={base} className="text-brand-700 hover:underline">Cancel</Link>}>
          <RuleEditor key={editing.id} rule={editing} {...editorProps} />
        </Card>
      ) : null}
      <Card title={canEdit ? "New rule" : "Try a rule"} description="The preview judges the rule now, against the last 8 weeks, without saving or sending anything.">
        {canEdit ? null : <Notice>Your role can preview rules; members and above can save them.</Notice>}
        <RuleEditor rule={null} {...editorProps} />
      </Card>
    </div>
  );
}
