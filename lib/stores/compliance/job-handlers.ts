import type { JobHandler } from "@/lib/jobs/define";
import { sweepUninstalledStores } from "./retention";

export const sweepUninstalledStoresHandler: JobHandler<object> = {
  run: async (_job, context) => ({ erased: await context.step("sweep", () => sweepUninstalledStores()) }),
};
