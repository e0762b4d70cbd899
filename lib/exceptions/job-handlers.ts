import type { JobHandler } from "@/lib/jobs/define";
import { judgeDueOrders } from "./sweep";

export const judgeDueOrdersHandler: JobHandler<object> = {
  run: async (_job, context) => context.step("judge", () => judgeDueOrders()),
};
