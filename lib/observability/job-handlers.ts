import { db } from "@/lib/db/client";
import type { JobHandler } from "@/lib/jobs/define";
import { sampleFreshness } from "./freshness";
import { serviceLevels, sweepServiceLevels } from "./slo";
import { evaluateBurnAlerts } from "./slo-alerts";

const at = (payload: { now?: string }) => (payload.now ? new Date(payload.now) : new Date());

export const evaluateServiceLevelsHandler: JobHandler<{ now?: string }> = {
  run: async (payload, context) => {
    const now = at(payload);
    await context.step("freshness", () => sampleFreshness(db, now));
    return context.step("burn-alerts", async () => evaluateBurnAlerts(db, await serviceLevels(db, now), now));
  },
};

export const sweepServiceLevelsHandler: JobHandler<{ now?: string }> = {
  run: async (payload, context) => context.step("sweep", () => sweepServiceLevels(db, at(payload))),
};
