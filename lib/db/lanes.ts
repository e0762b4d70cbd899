import { AsyncLocalStorage } from "node:async_hooks";

// Web requests and background work (in-process jobs: syncs, webhook processing, rollup rebuilds)
// draw database connections from separate pools, so a backfill that keeps every one of its
// connections busy cannot make pages wait for one. Code does not pass the lane around: whatever
// runs inside `asBackgroundWork` (and everything it awaits or schedules) uses the jobs pools.

export type DbLane = "web" | "jobs";

const DEFAULT_SIZES: Record<DbLane, number> = { web: 10, jobs: 10 };
const ENV: Record<DbLane, string> = { web: "DATABASE_POOL_WEB", jobs: "DATABASE_POOL_JOBS" };

// Next.js may load this module more than once (instrumentation and routes are bundled apart):
// one store per process.
const holder = globalThis as unknown as { __signalboardDbLane?: AsyncLocalStorage<DbLane> };
const lanes = (holder.__signalboardDbLane ??= new AsyncLocalStorage<DbLane>());

export function currentLane(): DbLane {
  return lanes.getStore() ?? "web";
}

/** Runs `work` (and what it starts) on the background pools. */
export function asBackgroundWork<T>(work: () => T): T {
  return lanes.run("jobs", work);
}

/** Connections per pool of `lane`: DATABASE_POOL_WEB / DATABASE_POOL_JOBS, each used by Prisma and by bulk writes. */
export function poolSize(lane: DbLane): number {
  const raw = process.env[ENV[lane]];
  if (raw === undefined || raw === "") return DEFAULT_SIZES[lane];
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 1_000) throw new Error(`${ENV[lane]} must be a whole number from 1 to 1000, not "${raw}".`);
  return size;
}
