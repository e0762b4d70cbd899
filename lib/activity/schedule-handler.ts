import type { JobHandler } from "@/lib/jobs/define";
import type { ScheduleActivityJob } from "./job-payloads";
import { recomputeActivityJob } from "./jobs";
import { workspacesDue } from "./queue";
import { fullPassPayload } from "./request";

export const scheduleActivityHandler: JobHandler<ScheduleActivityJob> = {
  async run({ now }, context) {
    const at = now ? new Date(now) : new Date();
    const due = await context.step("find", () => workspacesDue(at));
    const full = new Set(due.stale);
    const pending = due.pending.filter((id) => !full.has(id));
    if (full.size) await context.enqueue("full", recomputeActivityJob, [...full].map((id) => fullPassPayload(id, at)));
    if (pending.length) await context.enqueue("pending", recomputeActivityJob, pending.map((workspaceId) => ({ workspaceId, scope: "pending" as const })));
    return { full: full.size, pending: pending.length };
  },
};
