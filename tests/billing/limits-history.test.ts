import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { runReport } from "@/lib/metrics/report/run";
import { addDays, localDate } from "@/lib/time/zone";
import { freshWorkspace } from "../dashboards/support";
import { expectAppError } from "../helpers";
import { billingOn, onPlan } from "./limits-support";

beforeEach(billingOn);
afterEach(() => vi.unstubAllEnvs());

// Reports read rollups; these workspaces get their daily sessions written directly, so reports
// read days only (no week or month rollups to keep in step).
const DAILY = { dailyOnly: true } as const;

/** A workspace with 7 sessions 100 days ago and 5 sessions 10 days ago, in its own days. */
async function workspaceWithSessions() {
  const { workspace } = await freshWorkspace();
  const today = localDate(new Date(), workspace.timeZone);
  for (const [daysAgo, sessions] of [[100, 7], [10, 5]] as const) {
    await db.sessionsDaily.create({ data: { workspaceId: workspace.id, day: new Date(`${addDays(today, -daysAgo)}T00:00:00Z`), channel: "Direct", sessions, users: sessions } });
  }
  return { workspace, today };
}

describe("history beyond the plan's days", () => {
  it("is cut from reports, which say so, and shown again (never deleted) on a plan that shows it", async () => {
    const { workspace, today } = await workspaceWithSessions();
    await onPlan(workspace.id, "free");
    const request = { date_from: addDays(today, -120), date_to: today, metrics: ["sessions"] };
    const earliest = addDays(today, -89);

    const free = await runReport(workspace.id, request, DAILY);
    expect(free.range).toEqual({ date_from: earliest, date_to: today });
    expect(free.totals.sessions).toBe(5);
    expect(free.warnings).toContain(
      `The report starts on ${earliest} instead of ${addDays(today, -120)}. The Free plan shows the last 90 days, from ${earliest}; older data is kept, not shown. Growth allows 730: an owner can upgrade under Settings, Billing.`,
    );

    await onPlan(workspace.id, "growth");
    const growth = await runReport(workspace.id, request, DAILY);
    expect(growth.range.date_from).toBe(addDays(today, -120));
    expect(growth.totals.sessions).toBe(12);
    expect(growth.warnings.join(" ")).not.toContain("plan shows");
  });

  it("allows a range starting on the earliest day shown, and refuses with 402 one that ends before it", async () => {
    const { workspace, today } = await workspaceWithSessions();
    await onPlan(workspace.id, "free");
    const earliest = addDays(today, -89);

    const edge = await runReport(workspace.id, { date_from: earliest, date_to: today, metrics: ["sessions"] }, DAILY);
    expect(edge.range.date_from).toBe(earliest);
    expect(edge.warnings.join(" ")).not.toContain("plan shows");

    const old = await expectAppError(runReport(workspace.id, { date_from: addDays(today, -120), date_to: addDays(today, -90), metrics: ["sessions"] }, DAILY), "payment_required");
    expect(old.message).toContain(`This range ends before ${earliest}. The Free plan shows the last 90 days`);
  });

  it("leaves out a comparison that reaches older days, saying so", async () => {
    const { workspace, today } = await workspaceWithSessions();
    await onPlan(workspace.id, "free");
    const report = await runReport(workspace.id, { date_from: addDays(today, -59), date_to: today, metrics: ["sessions"], compare: "previous_period" }, DAILY);
    expect(report.compare).toBe("none");
    expect(report.compare_totals).toBeNull();
    expect(report.warnings.join(" ")).toContain(`The comparison (${addDays(today, -119)} to ${addDays(today, -60)}) reaches before ${addDays(today, -89)}, so it is left out.`);

    const inside = await runReport(workspace.id, { date_from: addDays(today, -29), date_to: today, metrics: ["sessions"], compare: "previous_period" }, DAILY);
    expect(inside.compare).toBe("previous_period");
  });

  it("does not exist with billing off", async () => {
    const { workspace, today } = await workspaceWithSessions();
    await onPlan(workspace.id, "free");
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    const report = await runReport(workspace.id, { date_from: addDays(today, -120), date_to: today, metrics: ["sessions"] }, DAILY);
    expect(report.totals.sessions).toBe(12);
  });
});
