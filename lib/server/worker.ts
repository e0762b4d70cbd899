// `npm run worker`: runs the schedulers and jobs without serving HTTP, so web servers and workers
// scale apart. Start web servers with SIGNALBOARD_LOCAL_SCHEDULER=off beside it. With DATABASE_URL
// unset it joins the embedded PostgreSQL a local `npm run dev` or `npm start` runs (or starts it).
import { startupFailure } from "../db/local-error";
import { logger } from "../log";
import { prepareRuntime } from "./runtime";

const log = logger("worker");

async function main() {
  const { embedded } = await prepareRuntime({ ephemeral: false, production: true });
  const { jobBackend } = await import("../jobs/backend");
  if (jobBackend() === "inngest") {
    log.info("Inngest is configured: it runs the jobs through /api/inngest, so this worker has nothing to do");
    return;
  }
  const { startTelemetry, stopTelemetry } = await import("../observability/otel");
  await startTelemetry("worker");
  const { startLocalScheduler, stopLocalScheduler } = await import("../jobs/scheduler");
  const { localJobsSettled } = await import("../jobs/local");
  startLocalScheduler();
  log.info("running the scheduler and jobs in this process (SIGINT or SIGTERM stops it after the jobs under way)");
  const keepAlive = setInterval(() => {}, 1 << 30);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    stopLocalScheduler();
    // Every slice commits its own checkpoint, so what is cut short here resumes on the next start.
    await Promise.race([localJobsSettled(), new Promise((resolve) => setTimeout(resolve, 25_000))]);
    clearInterval(keepAlive);
    await stopTelemetry();
    await embedded?.stop().catch(() => {});
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop());
}

main().catch((error) => {
  log.error("start-up failed", { message: startupFailure(error) });
  process.exit(1);
});
