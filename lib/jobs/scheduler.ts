import { jobBackend } from "./backend";
import { JOBS } from "./catalog";
import { enqueueLocal, runLocalJob } from "./local";
import { logger } from "@/lib/log";

const log = logger("scheduler");

// The in-process scheduler, for when no Inngest server runs the jobs: every minute it runs the
// scheduled jobs that are due and re-queues what a previous process left unfinished (sync runs,
// rollup rebuilds). It runs in the web server by default, or alone in `npm run worker`.

const TICK_MS = 60_000;
const lastRun = new Map<string, number>();
let timer: NodeJS.Timeout | null = null;

const scheduled = () => JOBS.filter((job) => job.schedule);
const recoverable = () => JOBS.filter((job) => job.recover);

/** Re-queues unfinished work found in the database; returns how many jobs it found. */
export async function recoverUnfinished(): Promise<number> {
  let found = 0;
  for (const job of recoverable()) {
    const payloads = (await job.recover?.()) ?? [];
    for (const payload of payloads) enqueueLocal(job, payload);
    found += payloads.length;
  }
  return found;
}

/**
 * One pass: the scheduled jobs due at `now` (all of them, with `only`, narrowed to one
 * workspace), then recovery. Returns how many scheduled jobs ran.
 */
export async function tick(now = new Date(), only?: { workspaceId: string }): Promise<number> {
  let ran = 0;
  for (const job of scheduled()) {
    const previous = lastRun.get(job.id);
    if (!only && previous !== undefined && now.getTime() - previous < job.schedule!.everyMs) continue;
    if (!only) lastRun.set(job.id, now.getTime());
    await runLocalJob(job, { now: now.toISOString(), ...(only ? { workspaceId: only.workspaceId } : {}) });
    ran++;
  }
  if (!only) await recoverUnfinished();
  return ran;
}

export function startLocalScheduler(): void {
  if (timer || jobBackend() !== "local") return;
  const safely = (work: () => Promise<unknown>) => work().catch((error) => log.error("tick failed", error));
  void safely(async () => {
    const resumed = await recoverUnfinished();
    if (resumed) log.info("resuming unfinished jobs", { count: resumed });
    await tick();
  });
  timer = setInterval(() => void safely(() => tick()), TICK_MS);
  timer.unref();
}

export function stopLocalScheduler(): void {
  if (timer) clearInterval(timer);
  timer = null;
}
