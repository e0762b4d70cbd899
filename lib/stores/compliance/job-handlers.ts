import type { JobHandler } from "@/lib/jobs/define";
import { deleteExpiredCustomerDataRequests } from "./api-request";
import { deleteExpiredExports } from "./data-request";
import { sweepUninstalledStores } from "./retention";

export const sweepUninstalledStoresHandler: JobHandler<object> = {
  run: async (_job, context) => ({
    erased: await context.step("sweep", () => sweepUninstalledStores()),
    expiredExports: await context.step("expired-exports", () => deleteExpiredExports()),
    expiredRequests: await context.step("expired-requests", () => deleteExpiredCustomerDataRequests()),
  }),
};
