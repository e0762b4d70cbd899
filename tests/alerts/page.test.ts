import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { deleteRuleAction, previewRuleAction, saveRuleAction, silenceRuleAction } from "@/app/w/[slug]/alerts/actions";
import AlertsPage from "@/app/w/[slug]/alerts/page";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { utcWorkspace } from "./support";
import { pageText, formOf } from "../helpers";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null, signOut: async () => {} }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });

const RULE = { name: "Sales dip", kind: "metric", metric: "net_sales", method: "anomaly", window: "complete_day", params: { direction: "drop", sensitivity: "medium" } };

describe("the alerts page", () => {
  it("lists rules and incidents, and lets a member create, snooze, mute and delete a rule", async () => {
    const { owner, workspace } = await utcWorkspace();
    signIn(owner);
    const created = await saveRuleAction(workspace.slug, null, RULE);
    expect(created).toMatchObject({ ok: true, message: "Rule created." });
    const ruleId = created!.data!.id!;
    await db.alertIncident.create({ data: { workspaceId: workspace.id, ruleId, day: "2026-11-02", method: "anomaly: …", summary: "$10.00, below the baseline of $500.00", deviation: 5, sends: 1 } });

    let page = pageText(renderToStaticMarkup(await AlertsPage({ params: Promise.resolve({ slug: workspace.slug }), searchParams: Promise.resolve({}) })));
    expect(page).toContain("Sales dip");
    expect(page).toContain("Net sales: anomaly (drop, medium), complete days");
    expect(page).toContain("Open Sales dip $10.00, below the baseline of $500.00");
    expect(page).toContain("What it would say now");

    await silenceRuleAction(formOf({ slug: workspace.slug, rule_id: ruleId, what: "snooze" }));
    page = pageText(renderToStaticMarkup(await AlertsPage({ params: Promise.resolve({ slug: workspace.slug }), searchParams: Promise.resolve({ edit: ruleId }) })));
    expect(page).toMatch(/Snoozed until/);
    expect(page).toContain("Edit “Sales dip”");
    await silenceRuleAction(formOf({ slug: workspace.slug, rule_id: ruleId, what: "mute" }));
    expect((await db.alertRule.findFirstOrThrow({ where: { workspaceId: workspace.id, id: ruleId } })).muted).toBe(true);
    await deleteRuleAction(formOf({ slug: workspace.slug, rule_id: ruleId }));
    expect(await db.alertRule.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("lets a viewer preview but not save, and names the bad field", async () => {
    const { owner, workspace } = await utcWorkspace();
    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(viewer);
    expect(await saveRuleAction(workspace.slug, null, RULE)).toMatchObject({ ok: false });
    expect(await previewRuleAction(workspace.slug, RULE)).toMatchObject({ ok: true, preview: { judgements: [{ state: "insufficient" }] } });
    expect(await previewRuleAction(workspace.slug, { ...RULE, metric: "nett_sales" })).toMatchObject({ ok: false, fields: { metric: expect.stringMatching(/unknown metric/) } });
    signIn(owner);
    const other = await utcWorkspace();
    expect(await saveRuleAction(other.workspace.slug, null, RULE)).toMatchObject({ ok: false });
  });
});
