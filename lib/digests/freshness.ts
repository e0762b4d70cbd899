import { db } from "@/lib/db/client";
import { providerLabel } from "@/lib/connectors/registry";
import { addDays, startOfLocalDay } from "@/lib/time/zone";

// Whether a digest's days are complete: every live connection must have synced successfully
// after the last reported local day ended, or that day's orders, spend or traffic may be partial.

export type StaleSource = { id: string; name: string; lastSuccessAt: string | null };

/** The workspace's connections whose last successful sync is older than the end of `toDay` (local). */
export async function staleSources(workspaceId: string, toDay: string, timeZone: string): Promise<StaleSource[]> {
  const dayEnded = startOfLocalDay(addDays(toDay, 1), timeZone);
  const connections = await db.connection.findMany({
    // Uploaded data (imports) has no sync to wait for; a disconnected source never catches up.
    where: { workspaceId, status: { not: "disconnected" }, provider: { not: "import" } },
    select: { id: true, provider: true, displayName: true, lastSuccessAt: true },
    orderBy: { displayName: "asc" },
  });
  return connections
    .filter((c) => c.lastSuccessAt === null || c.lastSuccessAt < dayEnded)
    .map((c) => ({
      id: c.id,
      name: `${providerLabel(c.provider)} (${c.displayName})`,
      lastSuccessAt: c.lastSuccessAt?.toISOString() ?? null,
    }));
}
