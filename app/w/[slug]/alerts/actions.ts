"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { previewRule, type RulePreview } from "@/lib/alerts/preview";
import { evaluateWorkspaceAlerts } from "@/lib/alerts/evaluate";
import { createRule, deleteRule, getRule, silenceRule, updateRule } from "@/lib/alerts/rules";
import { AppError } from "@/lib/errors";
import { actorUserId } from "@/lib/tenancy/guard";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

// Rules are members' to change (as dashboards are); viewers may preview. Each call checks the
// caller's role itself: a hidden button is never the check.

const HOUR_MS = 3_600_000;

export async function saveRuleAction(slug: string, ruleId: string | null, input: unknown): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(slug, "dashboards.edit");
    const saved = ruleId ? await updateRule(context.workspace.id, ruleId, input) : await createRule(context.workspace.id, input, actorUserId(context));
    revalidatePath(`/w/${context.workspace.slug}/alerts`);
    return { ok: true, message: ruleId ? "Rule saved." : "Rule created.", data: { id: saved.id } };
  });
}

export async function previewRuleAction(slug: string, input: unknown): Promise<{ ok: true; preview: RulePreview } | { ok: false; error: string; fields?: Record<string, string> }> {
  const state = { preview: null as RulePreview | null };
  const result = await runAction(async () => {
    const context = await requireWorkspaceAction(slug, "workspace.read");
    state.preview = await previewRule(context.workspace.id, input);
  });
  return state.preview ? { ok: true, preview: state.preview } : { ok: false, error: result?.error ?? "The preview failed.", fields: result?.fields };
}

export async function silenceRuleAction(form: FormData): Promise<void> {
  await runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "dashboards.edit");
    const ruleId = String(form.get("rule_id") ?? "");
    const what = form.get("what");
    const body =
      what === "mute" ? { muted: true } :
      what === "unmute" ? { muted: false, snoozed_until: null } :
      what === "snooze" ? { snoozed_until: new Date(Date.now() + 24 * HOUR_MS).toISOString() } :
      null;
    if (!body) throw AppError.field("what", "Choose mute, unmute or snooze.");
    await silenceRule(context.workspace.id, ruleId, body);
    revalidatePath(`/w/${context.workspace.slug}/alerts`);
  });
}

export async function deleteRuleAction(form: FormData): Promise<void> {
  await runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "dashboards.edit");
    await deleteRule(context.workspace.id, String(form.get("rule_id") ?? ""));
    revalidatePath(`/w/${context.workspace.slug}/alerts`);
  });
}

const CHECK_WORDS = {
  none: "Checked: nothing to report.",
  update: "Checked: the open incident is updated.",
  open: "Checked: it fires, and an incident is open.",
  announce: "Checked: the open incident is announced.",
  worsen: "Checked: the incident has worsened.",
  resolve: "Checked: back within bounds; the incident is resolved.",
} as const;

/** Judges one rule now, whatever its window and whenever it last ran, as the scheduled pass would. */
export async function checkRuleNowAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "dashboards.edit");
    const rule = await getRule(context.workspace.id, String(form.get("rule_id") ?? ""));
    const [outcome] = await evaluateWorkspaceAlerts(context.workspace.id, { ruleId: rule.id });
    revalidatePath(`/w/${context.workspace.slug}/alerts`);
    if (!outcome) return { ok: false, error: "The rule is gone." };
    if (outcome.error) return { ok: false, error: `The rule could not be judged: ${outcome.error}` };
    const words = outcome.results.map((r) => CHECK_WORDS[r.step.action]);
    const sent = outcome.results.reduce((n, r) => n + r.sent, 0);
    return { ok: true, message: `${words[0] ?? "Checked: no connection this check applies to."}${words.length > 1 ? ` (${words.length} connections)` : ""}${sent ? ` ${sent} message${sent === 1 ? "" : "s"} sent.` : ""}` };
  });
}
