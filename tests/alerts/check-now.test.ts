import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { checkRuleNowAction, saveRuleAction } from "@/app/w/[slug]/alerts/actions";
import AlertsPage from "@/app/w/[slug]/alerts/page";
import { currentUser } from "@/lib/auth/session";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { addDays, localDate } from "@/lib/time/zone";
import { incidentsOf, spendOn, utcWorkspace } from "./support";
import { pageText, formOf } from "../helpers";

// "Check now" on the alerts page: one rule judged at once, the incident it opens shown with its
// value, baseline and method; only members and above, only the workspace's own rules.

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null, signOut: async () => {} }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });

const RULE = { name: "Spend above budget", kind: "metric", metric: "ad_spend", method: "threshold", window: "complete_day", params: { operator: "above", value: "100" } };

describe("checking an alert rule now", () => {
  it("opens the incident at once and shows its value, baseline and method", async () => {
    const { owner, workspace } = await utcWorkspace();
    await spendOn(workspace.id, { [addDays(localDate(new Date(), "UTC"), -1)]: "250.00" });
    signIn(owner);
    const ruleId = (await saveRuleAction(workspace.slug, null, RULE))!.data!.id!;
    expect(await incidentsOf(workspace.id)).toHaveLength(0);

    expect(await checkRuleNowAction(null, formOf({ slug: workspace.slug, rule_id: ruleId }))).toMatchObject({ ok: true, message: "Checked: it fires, and an incident is open." });
    const [incident] = await incidentsOf(workspace.id);
    expect(incident).toMatchObject({ ruleId, state: "open" });
    const page = pageText(renderToStaticMarkup(await AlertsPage({ params: Promise.resolve({ slug: workspace.slug }), searchParams: Promise.resolve({}) })));
    expect(page).toContain("Value $250.00 · Baseline $100.00");
    expect(page).toContain("threshold: alert when above 100");
    expect(page).toContain("Check now");

    // Judged again with nothing new: one incident, nothing re-sent.
    expect(await checkRuleNowAction(null, formOf({ slug: workspace.slug, rule_id: ruleId }))).toMatchObject({ ok: true, message: "Checked: the open incident is updated." });
    expect(await incidentsOf(workspace.id)).toHaveLength(1);
  });

  it("is refused to viewers and for another workspace's rule", async () => {
    const { owner, workspace } = await utcWorkspace();
    const other = await utcWorkspace();
    signIn(other.owner);
    const theirs = (await saveRuleAction(other.workspace.slug, null, RULE))!.data!.id!;

    signIn(owner);
    expect(await checkRuleNowAction(null, formOf({ slug: workspace.slug, rule_id: theirs }))).toMatchObject({ ok: false, error: "No such alert rule in this workspace." });
    expect(await checkRuleNowAction(null, formOf({ slug: other.workspace.slug, rule_id: theirs }))).toMatchObject({ ok: false, error: "Workspace not found." });
    const mine = (await saveRuleAction(workspace.slug, null, RULE))!.data!.id!;
    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(viewer);
    expect(await checkRuleNowAction(null, formOf({ slug: workspace.slug, rule_id: mine }))).toMatchObject({ ok: false, error: expect.stringContaining("role") });
    expect(await incidentsOf(other.workspace.id)).toHaveLength(0);
  });
});
