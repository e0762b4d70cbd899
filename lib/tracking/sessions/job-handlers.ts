import type { JobHandler } from "@/lib/jobs/define";
import { sweepUnsessionedEvents } from "./sweep";

export const sweepUnsessionedEventsHandler: JobHandler<object> = {
  run: async (_job, context) => ({ workspaces: await context.step("sweep", () => sweepUnsessionedEvents()) }),
};
