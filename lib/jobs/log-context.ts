import crypto from "node:crypto";
import type { RequestContext } from "@/lib/log/context";

/** A job run's context: a fresh id per run, and the workspace its payload names, if any. */
export function jobContextOf(jobId: string, payload: object): RequestContext {
  const workspaceId = (payload as { workspaceId?: unknown }).workspaceId;
  return {
    jobId: `${jobId}:${crypto.randomBytes(6).toString("hex")}`,
    ...(typeof workspaceId === "string" && { workspaceId }),
  };
}
