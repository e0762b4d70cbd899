// Runs once when the server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.SIGNALBOARD_LOCAL_SCHEDULER === "off" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { inngestEnabled } = await import("@/lib/sync/dispatch");
  if (inngestEnabled()) return;
  const { startLocalScheduler } = await import("@/lib/sync/local-scheduler");
  startLocalScheduler();
}
