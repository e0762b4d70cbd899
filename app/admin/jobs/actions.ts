"use server";

import { runAction, type ActionState } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { requireOperatorAction } from "@/lib/operators/guard";
import { replayFailedRun } from "@/lib/operators/job-runs";

export async function replayFailedRunAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { userId } = await requireOperatorAction();
    const runId = form.get("runId");
    if (typeof runId !== "string" || !runId.trim() || runId.length > 100) throw AppError.field("run", "Choose a failed run to replay.");
    const replay = await replayFailedRun(runId.trim(), { kind: "operator", id: userId });
    // No revalidation: the row stays to show this message; the run leaves the list on the next load.
    return { ok: true, message: `Replayed as run ${replay.runId}.` };
  });
}
