import { NonRetriableError, RetryAfterError } from "inngest";
import { isConnectorError } from "@/lib/connectors/common/errors";
import { classifyFailure } from "@/lib/sync/failures";
import { completeRun, failRun, markStarted, sliceForConnection } from "@/lib/sync/runner";
import { inngest } from "./client";
import { syncRequested } from "./events";

// One sync run as a durable function. Each slice is a step that commits its own checkpoint, so a
// retry (or a redeploy mid-run) resumes at the last committed batch.
export const syncConnection = inngest.createFunction(
  {
    id: "sync-connection",
    triggers: [syncRequested],
    // The old per-job Redis lock: never two runs of one connection at once.
    concurrency: { key: "event.data.connectionId", limit: 1 },
    // Shopify's rate limits are per shop; keep one connection's calls from starving others.
    throttle: { key: "event.data.connectionId", limit: 30, period: "1m" },
    retries: 4,
    onFailure: async ({ event, error }) => {
      const data = event.data.event.data as { workspaceId: string; connectionId: string; runId: string };
      await failRun({ workspaceId: data.workspaceId, connectionId: data.connectionId }, data.runId, error);
    },
  },
  async ({ event, step }) => {
    const scope = { workspaceId: event.data.workspaceId, connectionId: event.data.connectionId };
    await step.run("mark-started", () => markStarted(scope));
    for (let slice = 0; ; slice++) {
      const result = await step.run(`slice-${slice}`, async () => {
        try {
          return await sliceForConnection(scope, event.data.runId, { pages: 10, batches: 20 });
        } catch (error) {
          // A revoked token will not work on a retry; fail now and tell the admins.
          if (!classifyFailure(error).retryable) throw new NonRetriableError(String((error as Error).message), { cause: error });
          // An ad platform that named its rate-limit wait is retried no sooner than that.
          if (isConnectorError(error) && error.retryAfterMs) throw new RetryAfterError(error.message, error.retryAfterMs, { cause: error });
          throw error;
        }
      });
      if (result.done) break;
      if (result.waitMs) await step.sleep(`wait-${slice}`, result.waitMs);
    }
    await step.run("complete", () => completeRun(scope, event.data.runId));
    return { runId: event.data.runId };
  },
);
