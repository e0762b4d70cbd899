// A benchmark's database: an embedded PostgreSQL with the migrations applied, and everything the
// app's modules opened on it closed again at the end.
import fs from "node:fs";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";

export async function withBenchDatabase(options: { dataDir?: string }, work: () => Promise<void>): Promise<void> {
  const database = await startEmbeddedPostgres({ dataDir: options.dataDir, persistent: Boolean(options.dataDir) });
  process.env.DATABASE_URL = database.url;
  process.env.SECRETS_KEYS ??= `bench:${Buffer.alloc(32, 1).toString("base64")}`;
  process.env.HASH_SECRET ??= "bench";
  try {
    await applyMigrations(database.url);
    await work();
  } finally {
    // Work queued in-process (a rollup refresh) finishes first; then every lane's clients and
    // pools (web and background) close, so stopping the database cuts no connection.
    const { localJobsSettled } = await import("../lib/jobs/local");
    await localJobsSettled();
    const { disconnectAll } = await import("../lib/db/client");
    await disconnectAll();
    const { endAllPools } = await import("../lib/db/pool");
    await endAllPools();
    await database.stop();
  }
}

/** A bench database kept in `dataDir` across runs (emptied first when the command line says --fresh). */
export async function withKeptBenchDatabase(dataDir: string, work: () => Promise<void>): Promise<void> {
  if (process.argv.includes("--fresh")) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  await withBenchDatabase({ dataDir }, work);
}

export function runBench(main: () => Promise<void>): void {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

/** A store connection's backfill from start to end, timed; call inside withBenchDatabase. */
export async function timedBackfill(scope: { workspaceId: string; connectionId: string }) {
  const { createRun, getRun } = await import("../lib/sync/runs");
  const { executeRun } = await import("../lib/sync/runner");
  const run = await createRun(scope, "backfill");
  const started = performance.now();
  const outcome = await executeRun(scope, run.id, { sleep: async () => {} });
  const seconds = (performance.now() - started) / 1000;
  return { outcome, seconds, run: (await getRun(scope, run.id))! };
}
