import { db } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/enqueue";
import { evaluateAlertsJob } from "./jobs";
import { logger } from "@/lib/log";

const log = logger("alerts");

/**
 * After a sync run succeeded: a pass over the workspace's alert rules, if it has any. Asks while
 * one waits are one pass (the job's dedupe key), and it never fails the sync that asks.
 */
export async function requestAlertsAfterSync(workspaceId: string): Promise<boolean> {
  try {
    if ((await db.alertRule.count({ where: { workspaceId } })) === 0) return false;
    await enqueue(evaluateAlertsJob, { workspaceId, trigger: "sync" as const });
    return true;
  } catch (error) {
    log.error("could not queue an evaluation", { workspaceId, err: error });
    return false;
  }
}
