import type { JobHandler } from "@/lib/jobs/define";
import type { KlaviyoAudienceSync } from "./job-payloads";
import { recordKlaviyoFailure, syncAudienceToKlaviyo } from "./klaviyo-sync";

export const syncAudienceKlaviyoHandler: JobHandler<KlaviyoAudienceSync> = {
  async run(job, context) {
    try {
      return await context.step("sync", () => syncAudienceToKlaviyo(job.workspaceId, job.tagId));
    } catch (error) {
      // Shown at once on the audience's page; a retry that succeeds clears it.
      await recordKlaviyoFailure(job.workspaceId, job.tagId, error);
      throw error;
    }
  },
  onFailure: (job, error) => recordKlaviyoFailure(job.workspaceId, job.tagId, error),
};
