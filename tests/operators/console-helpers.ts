import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { unique } from "../helpers";

// What the operator console's tests share: a failed run of a real job, and the digest a page's
// notFound() throws.

/** A run of a real job (recompute-activity, for a fresh workspace), failed unless told otherwise. */
export async function failedRun(options: { status?: "failed" | "done"; error?: string } = {}): Promise<string> {
  const workspace = await seedWorkspace((await seedUser()).id);
  const id = unique("run");
  await db.jobRun.create({
    data: {
      id,
      kind: "recompute-activity",
      workspaceId: workspace.id,
      payload: { workspaceId: workspace.id, scope: "pending" },
      status: options.status ?? "failed",
      finishedAt: new Date(),
      error: options.error ?? "connection reset",
    },
  });
  return id;
}

/** The digest of what `work` throws (a 404's is NEXT_HTTP_ERROR_FALLBACK;404), or undefined when it does not throw. */
export async function digestOf(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
  } catch (error) {
    return (error as { digest?: string }).digest;
  }
  return undefined;
}
