import { describe, expect, it, onTestFinished, vi } from "vitest";
import { captureLogs } from "@/lib/log";
import { reconcileMeteredUsageHandler } from "@/lib/billing/job-handlers";
import { reportMeteredUsage } from "@/lib/billing/meters";
import { activeMeters, reconcileMeteredUsage } from "@/lib/billing/reconcile";
import { localContext } from "@/lib/jobs/local";
import { historyOf, meteredWorkspace, meterIdOf, meterRow, mockStripe, trackedEventsAt, withBillingEnv } from "./support";

withBillingEnv();
const stripe = mockStripe();

const NOW = new Date("2026-11-15T12:00:00Z");
const LATER = new Date(NOW.getTime() + 60 * 60_000);

async function reported() {
  const billed = await meteredWorkspace();
  await trackedEventsAt(billed.workspace.id, [new Date(NOW.getTime() - 60_000), new Date(NOW.getTime() - 120_000)]);
  await reportMeteredUsage(billed.workspace.id, NOW);
  return billed;
}

const meters = async () => new Map(await activeMeters());

describe("meter reconciliation", () => {
  it("finds the meters by event name and records a month that matches, without alerting", async () => {
    const { workspace } = await reported();
    const outcomes = await reconcileMeteredUsage(workspace.id, await meters(), LATER);
    expect(outcomes).toEqual([
      { metric: "trackedEvents", month: "2026-11-01", status: "matched", reported: 2n, stripe: 2n },
      { metric: "orders", month: "2026-11-01", status: "nothing_reported" },
    ]);
    expect(stripe.calls).toContain(`GET /v1/billing/meters/${meterIdOf("signalboard_tracked_events")}/event_summaries`);
    expect(await meterRow(workspace.id, "trackedEvents", "2026-11-01")).toMatchObject({ stripeTotal: 2n, reconciledAt: LATER });
    expect((await historyOf(workspace.id)).filter((e) => e.kind === "meter_mismatch")).toEqual([]);
  });

  it("records a difference in the billing history and warns the operator", async () => {
    const { workspace, customer } = await reported();
    // Usage someone reported to the meter outside Signalboard.
    stripe.meterEvents.push({ eventName: "signalboard_tracked_events", customer, value: 5, identifier: "manual-1", timestamp: NOW.getTime() / 1000 - 30 });
    const logs = captureLogs();
    onTestFinished(logs.stop);

    const [tracked] = await reconcileMeteredUsage(workspace.id, await meters(), LATER);
    expect(tracked).toEqual({ metric: "trackedEvents", month: "2026-11-01", status: "mismatch", reported: 2n, stripe: 7n });
    expect(logs.lines().map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ level: "warn", msg: "meter mismatch", workspaceId: workspace.id, month: "2026-11-01", reported: "2", stripe: "7" }));
    const [event] = (await historyOf(workspace.id)).filter((e) => e.kind === "meter_mismatch");
    expect(event).toMatchObject({ message: "Stripe's trackedEvents meter holds 7 for 2026-11-01; 2 was reported.", detail: { reported: "2", stripe: "7" } });
    expect(await meterRow(workspace.id, "trackedEvents", "2026-11-01")).toMatchObject({ stripeTotal: 7n });
  });

  it("leaves a month whose last send has not settled in the meter for the next check", async () => {
    const { workspace } = await reported();
    stripe.calls.length = 0;
    const [tracked] = await reconcileMeteredUsage(workspace.id, await meters(), new Date(NOW.getTime() + 5 * 60_000));
    expect(tracked).toEqual({ metric: "trackedEvents", month: "2026-11-01", status: "settling" });
    expect(stripe.calls.filter((c) => c.includes("event_summaries"))).toEqual([]);
  });

  it("records a failed read of the meter and goes on", async () => {
    const { workspace } = await reported();
    const ids = await meters();
    stripe.failNext(3);
    const [tracked] = await reconcileMeteredUsage(workspace.id, ids, LATER);
    expect(tracked).toMatchObject({ metric: "trackedEvents", status: "failed" });
    expect((await historyOf(workspace.id)).filter((e) => e.kind === "meter_failed").map((e) => e.message)).toEqual([expect.stringContaining("could not be read for 2026-11-01")]);
  });

  it("runs daily over the metered workspaces", async () => {
    const { workspace, customer } = await reported();
    stripe.meterEvents.push({ eventName: "signalboard_tracked_events", customer, value: 1, identifier: "manual-2", timestamp: NOW.getTime() / 1000 - 30 });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const result = await reconcileMeteredUsageHandler.run({ now: LATER.toISOString() }, localContext());
    expect(result.mismatches).toBeGreaterThanOrEqual(1);
    expect((await historyOf(workspace.id)).filter((e) => e.kind === "meter_mismatch")).toHaveLength(1);
  });
});
