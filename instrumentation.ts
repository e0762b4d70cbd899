// Runs once when the server starts: the in-process scheduler, unless Inngest runs the jobs or a
// separate worker does (SIGNALBOARD_LOCAL_SCHEDULER=off, with `npm run worker` beside it).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.SIGNALBOARD_LOCAL_SCHEDULER === "off" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startLocalScheduler } = await import("@/lib/jobs/scheduler");
  startLocalScheduler();
}
