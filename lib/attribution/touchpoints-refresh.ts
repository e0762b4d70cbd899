import { inTransaction } from "@/lib/db/pool";
import { refreshTouchpoints } from "./touchpoints";

// Touchpoints rewritten over a recent span, by the recompute job (after a drain, the visitors'
// own are rewritten by ./after-drain.ts).

export async function refreshTouchpointsSince(workspaceId: string, since: Date): Promise<number> {
  return inTransaction((client) => refreshTouchpoints(client, workspaceId, { since }));
}
