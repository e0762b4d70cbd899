import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { evaluateWorkspaceAlerts } from "@/lib/alerts/evaluate";
import type { NotificationMessage } from "@/lib/notifications/message";
import { incidentsOf, spendOn, steadyDays, utcWorkspace } from "./support";

// Messages are captured where they leave for the destinations: delivery itself is the
// notifications room's, tested there.
const sent: { workspaceId: string; destinationId: string; message: NotificationMessage; refId: string | null }[] = [];
vi.mock("@/lib/notifications/send", () => ({
  sendNotification: vi.fn(async (workspaceId: string, destinationId: string, message: NotificationMessage, options: { refId?: string | null }) => {
    sent.push({ workspaceId, destinationId, message, refId: options.refId ?? null });
    return { id: `delivery-${sent.length}`, status: "queued" };
  }),
}));

// Judged at noon UTC on Tuesday 3 Nov 2026: "yesterday" is Monday 2 Nov.
const NOW = new Date("2026-11-03T12:00:00Z");
const YESTERDAY = "2026-11-02";
const later = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);

async function spendDropRule(workspaceId: string, extra: Partial<{ muted: boolean; snoozedUntil: Date | null }> = {}) {
  return db.alertRule.create({
    data: {
      workspaceId, name: "Spend fell", kind: "metric", metric: "ad_spend", method: "change", window: "complete_day",
      params: { direction: "drop", percent: 25 }, destinationIds: ["dest-a"], ...extra,
    },
  });
}

const textOf = (message: NotificationMessage) => JSON.stringify(message);

describe("one alert per incident", () => {
  beforeEach(() => {
    sent.length = 0;
  });

  it("fires once, stays quiet while unchanged, re-sends on worsening and says when it resolves", async () => {
    const { workspace } = await utcWorkspace();
    await spendOn(workspace.id, { ...steadyDays(YESTERDAY, 5, "100.00"), [YESTERDAY]: "70.00" });
    const rule = await spendDropRule(workspace.id);
    const evaluate = (at: Date) => evaluateWorkspaceAlerts(workspace.id, { ruleId: rule.id }, at);

    await evaluate(NOW);
    let incidents = await incidentsOf(workspace.id);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ state: "open", day: YESTERDAY, value: "70.00", baseline: "100.0000", sends: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ destinationId: "dest-a", refId: incidents[0]!.id });
    expect(sent[0]!.message.title).toBe(`Alert: Spend fell (${workspace.name})`);

    // The next hours: nothing new to say.
    await evaluate(later(1));
    await evaluate(later(2));
    expect(sent).toHaveLength(1);

    // A 40% drop is worse, but not by half again (30% x 1.5 = 45%).
    await spendOn(workspace.id, { [YESTERDAY]: "60.00" });
    await evaluate(later(3));
    expect(sent).toHaveLength(1);

    // A 50% drop is.
    await spendOn(workspace.id, { [YESTERDAY]: "50.00" });
    await evaluate(later(4));
    expect(sent).toHaveLength(2);
    expect(sent[1]!.message.title).toMatch(/^Worse: /);
    expect(textOf(sent[1]!.message)).toContain("$50.00");

    await spendOn(workspace.id, { [YESTERDAY]: "98.00" });
    await evaluate(later(5));
    expect(sent).toHaveLength(3);
    expect(sent[2]!.message.title).toMatch(/^Resolved: /);
    incidents = await incidentsOf(workspace.id);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ state: "resolved", sends: 3 });

    // Quiet again: no new incident, no message.
    await evaluate(later(6));
    expect(sent).toHaveLength(3);
    expect(await incidentsOf(workspace.id)).toHaveLength(1);
  });

  it("states the value, the baseline, the method and a link to the dashboard", async () => {
    const { workspace } = await utcWorkspace();
    await spendOn(workspace.id, { ...steadyDays(YESTERDAY, 4, "200.00"), [YESTERDAY]: "100.00" });
    const rule = await spendDropRule(workspace.id);
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: rule.id }, NOW);

    const message = sent[0]!.message;
    const rows = message.sections!.flatMap((s) => (s.type === "rows" ? s.rows : []));
    expect(rows.find((r) => r.label === "Value")?.value).toBe("$100.00");
    expect(rows.find((r) => r.label === "Baseline")?.value).toMatch(/^\$200\.00 \(average of the same weekday, last 4 weeks\)/);
    expect(message.sections!.find((s) => s.type === "text")).toMatchObject({ heading: "Method", text: expect.stringMatching(/^change: a drop of 25% or more vs the average Monday of the last 4 weeks/) });
    expect(message.summary).toBe("Ad spend on Mon 2 Nov: $100.00, 50% below the baseline of $200.00.");
    expect(message.link?.url).toMatch(new RegExp(`/w/${workspace.slug}$`));
  });

  it("records but does not send while muted, and announces the open incident once unmuted", async () => {
    const { workspace } = await utcWorkspace();
    await spendOn(workspace.id, { ...steadyDays(YESTERDAY, 4, "100.00"), [YESTERDAY]: "10.00" });
    const rule = await spendDropRule(workspace.id, { muted: true });
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: rule.id }, NOW);
    expect(sent).toHaveLength(0);
    expect(await incidentsOf(workspace.id)).toMatchObject([{ state: "open", sends: 0 }]);

    await db.alertRule.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: rule.id } }, data: { muted: false } });
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: rule.id }, later(1));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message.title).toMatch(/^Alert: /);
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: rule.id }, later(2));
    expect(sent).toHaveLength(1);
  });

  it("holds messages back until a snooze ends", async () => {
    const { workspace } = await utcWorkspace();
    await spendOn(workspace.id, { ...steadyDays(YESTERDAY, 4, "100.00"), [YESTERDAY]: "10.00" });
    const rule = await spendDropRule(workspace.id, { snoozedUntil: later(2) });
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: rule.id }, NOW);
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: rule.id }, later(1));
    expect(sent).toHaveLength(0);
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: rule.id }, later(2));
    expect(sent).toHaveLength(1);
  });

  it("judges complete days once a day, on the scheduled passes", async () => {
    const { workspace } = await utcWorkspace();
    await spendOn(workspace.id, { ...steadyDays(YESTERDAY, 4, "100.00"), [YESTERDAY]: "10.00" });
    const rule = await spendDropRule(workspace.id);
    const [first] = await evaluateWorkspaceAlerts(workspace.id, {}, NOW);
    expect(first?.ruleId).toBe(rule.id);
    expect(await evaluateWorkspaceAlerts(workspace.id, {}, later(1))).toEqual([]);
    // The next day's first pass judges the new yesterday (a normal day again: resolved).
    await spendOn(workspace.id, { "2026-11-03": "100.00" });
    expect(await evaluateWorkspaceAlerts(workspace.id, {}, later(24))).toHaveLength(1);
    expect(await incidentsOf(workspace.id)).toMatchObject([{ state: "resolved" }]);
  });

  it("does not alert on too little history, and keeps no incident for it", async () => {
    const { workspace } = await utcWorkspace();
    await spendOn(workspace.id, { "2026-10-26": "100.00", [YESTERDAY]: "1.00" });
    const rule = await spendDropRule(workspace.id);
    const [outcome] = await evaluateWorkspaceAlerts(workspace.id, { ruleId: rule.id }, NOW);
    expect(outcome?.results[0]?.step).toEqual({ action: "none" });
    expect(await incidentsOf(workspace.id)).toEqual([]);
    expect(sent).toHaveLength(0);
  });
});
