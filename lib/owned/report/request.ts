import { enqueue } from "@/lib/jobs/enqueue";
import { refreshOwnedReportJob } from "./jobs";
import { logger } from "@/lib/log";

const log = logger("owned");

/**
 * After a write of sends or of what recipients did: a refresh of the workspace's report sums.
 * Asks within the same minute are one refresh; it never fails the write that asks (the report
 * and the nightly sweep rebuild whatever a lost ask left marked).
 */
export async function requestOwnedReportRefresh(workspaceId: string, now = new Date()): Promise<void> {
  try {
    await enqueue(refreshOwnedReportJob, { workspaceId, window: now.toISOString().slice(0, 16) });
  } catch (error) {
    log.error("could not queue a report refresh", { workspaceId, err: error });
  }
}
