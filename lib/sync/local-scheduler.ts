import { db } from "@/lib/db/client";
import { resumeUnfinishedRebuilds } from "@/lib/metrics/rollups/local-rebuilds";
import { requestSync } from "./dispatch";
import { dueSyncs } from "./scheduler";
import { sweepDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { refreshProviderRates } from "@/lib/fx/refresh";

// Without an Inngest server, this keeps connections fresh from inside the app process: it
// resumes runs a previous process left unfinished, then checks for due syncs every minute.

const TICK_MS = 60_000;
let started = false;

export async function tick(now = new Date(), only?: { workspaceId: string }): Promise<number> {
  const due = await dueSyncs(now, only);
  for (const sync of due) await requestSync(sync, sync.kind, sync.range ?? {});
  // Rollup rebuilds left by a previous process, or queued while another process held the lock.
  if (!only) await resumeUnfinishedRebuilds();
  if (!only) await sweepDirtyRollups();
  return due.length;
}

export async function resumeUnfinishedRuns(): Promise<number> {
  const runs = await db.syncRun.findMany({
    where: { status: { in: ["queued", "running"] } },
    select: { workspaceId: true, connectionId: true, kind: true, rangeFrom: true, rangeTo: true },
    orderBy: { queuedAt: "asc" },
  });
  for (const run of runs) await requestSync(run, run.kind, { from: run.rangeFrom, to: run.rangeTo });
  return runs.length;
}

export function startLocalScheduler(): void {
  if (started) return;
  started = true;
  const safely = (work: () => Promise<unknown>) => work().catch((error) => console.error("[scheduler]", error));
  void safely(async () => {
    const resumed = await resumeUnfinishedRuns();
    if (resumed) console.info(`[scheduler] resuming ${resumed} unfinished sync run(s)`);
    await tick();
  });
  setInterval(() => void safely(tick), TICK_MS).unref();
  // Exchange rates from the configured provider: at start, then daily (a no-op without one).
  void safely(refreshProviderRates);
  setInterval(() => void safely(refreshProviderRates), 24 * 60 * 60 * 1000).unref();
}
