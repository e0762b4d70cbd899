import type { JobHandler } from "@/lib/jobs/define";
import type { RecomputeActivityJob } from "./job-payloads";
import { clearPendingBefore } from "./queue";
import { recomputeActivity, recomputePending } from "./recompute";

export const recomputeActivityHandler: JobHandler<RecomputeActivityJob> = {
  async run({ workspaceId, scope }, context) {
    if (scope === "all") {
      const startedAt = new Date();
      const result = await context.step("full", () => recomputeActivity(workspaceId, "all", startedAt));
      await context.step("clear", () => clearPendingBefore(workspaceId, startedAt));
      return { persons: result.persons };
    }
    // Passes until nothing waits, so persons queued while one ran are not left for the schedule.
    let persons = 0;
    for (let pass = 0; pass < 50; pass++) {
      const result = await context.step(`pass-${pass}`, () => recomputePending(workspaceId));
      persons += result.persons;
      if (result.persons === 0) break;
    }
    return { persons };
  },
};
