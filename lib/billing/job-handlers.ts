import type { JobHandler } from "@/lib/jobs/define";
import type { BillingScheduleJob } from "./job-payloads";
import { enforceConnectionLimits, workspacesToCheck } from "./connection-limits";
import { meteredWorkspaces, reportMeteredUsage } from "./meters";
import { sendPastDueNotices, workspacesOwedPastDueNotices } from "./past-due";
import { activeMeters, reconcileMeteredUsage } from "./reconcile";
import { logger } from "@/lib/log";

const log = logger("billing");

const clock = (now: string | undefined) => (now ? new Date(now) : new Date());

export const sendPastDueNoticesHandler: JobHandler<BillingScheduleJob, { workspaces: number; sent: number; failed: number }> = {
  async run({ now }, context) {
    const at = clock(now);
    const workspaces = await context.step("find", () => workspacesOwedPastDueNotices(at));
    let sent = 0;
    let failed = 0;
    for (const workspaceId of workspaces) {
      // One workspace's mail failure does not hold back the others; its notice is released and asked for again next pass.
      const notices = await context.step(`notify-${workspaceId}`, () =>
        sendPastDueNotices(workspaceId, at).catch((error) => {
          log.warn("past-due notices not sent", { workspaceId, err: error });
          return null;
        }),
      );
      if (notices) sent += notices.length;
      else failed++;
    }
    return { workspaces: workspaces.length, sent, failed };
  },
};

export const reportMeteredUsageHandler: JobHandler<BillingScheduleJob, { workspaces: number; failed: number }> = {
  async run({ now }, context) {
    const at = clock(now);
    const workspaces = await context.step("find", () => meteredWorkspaces());
    let failed = 0;
    for (const workspaceId of workspaces) {
      // Step results are kept as JSON: a count, not the outcomes' bigints.
      failed += await context.step(`report-${workspaceId}`, async () => (await reportMeteredUsage(workspaceId, at)).filter((o) => "error" in o).length);
    }
    return { workspaces: workspaces.length, failed };
  },
};

export const reconcileMeteredUsageHandler: JobHandler<BillingScheduleJob, { workspaces: number; mismatches: number }> = {
  async run({ now }, context) {
    const at = clock(now);
    const workspaces = await context.step("find", () => meteredWorkspaces());
    if (workspaces.length === 0) return { workspaces: 0, mismatches: 0 };
    const meters = new Map(await context.step("meters", () => activeMeters()));
    let mismatches = 0;
    for (const workspaceId of workspaces) {
      mismatches += await context.step(`reconcile-${workspaceId}`, async () => (await reconcileMeteredUsage(workspaceId, meters, at)).filter((o) => o.status === "mismatch").length);
    }
    return { workspaces: workspaces.length, mismatches };
  },
};

export const enforceConnectionLimitsHandler: JobHandler<BillingScheduleJob, { workspaces: number; paused: number; resumed: number }> = {
  async run({ now }, context) {
    const at = clock(now);
    const workspaces = await context.step("find", () => workspacesToCheck());
    let paused = 0;
    let resumed = 0;
    for (const workspaceId of workspaces) {
      const outcome = await context.step(`enforce-${workspaceId}`, () => enforceConnectionLimits(workspaceId, at));
      paused += outcome.paused.length;
      resumed += outcome.resumed.length;
    }
    return { workspaces: workspaces.length, paused, resumed };
  },
};
