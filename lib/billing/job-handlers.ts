import type { JobHandler } from "@/lib/jobs/define";
import type { BillingScheduleJob } from "./job-payloads";
import { sendPastDueNotices, workspacesOwedPastDueNotices } from "./past-due";

export const sendPastDueNoticesHandler: JobHandler<BillingScheduleJob> = {
  async run({ now }, context) {
    const at = now ? new Date(now) : new Date();
    const workspaces = await context.step("find", () => workspacesOwedPastDueNotices(at));
    let sent = 0;
    let failed = 0;
    for (const workspaceId of workspaces) {
      // One workspace's mail failure does not hold back the others; its notice is released and asked for again next pass.
      const notices = await context.step(`notify-${workspaceId}`, () =>
        sendPastDueNotices(workspaceId, at).catch((error) => {
          console.warn(`[billing] past-due notices for ${workspaceId}: ${error instanceof Error ? error.message : String(error)}`);
          return null;
        }),
      );
      if (notices) sent += notices.length;
      else failed++;
    }
    return { workspaces: workspaces.length, sent, failed };
  },
};
