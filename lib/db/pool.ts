import { Pool, type PoolClient } from "pg";
import { currentLane, poolSize, type DbLane } from "./lanes";
import { logger } from "@/lib/log";

const log = logger("db");

// Bulk writes (sync batches) go straight through pg: one INSERT … SELECT FROM unnest(…) per
// table per batch is far faster than row-by-row ORM calls. Everything else uses Prisma.
// One pool per lane (lanes.ts), so background work never takes the web's connections.
const holder = globalThis as unknown as { __signalboardPools?: Partial<Record<DbLane, { url: string; pool: Pool }>> };

export function getPool(): Pool {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set.");
  const lane = currentLane();
  const pools = (holder.__signalboardPools ??= {});
  if (pools[lane]?.url !== url) {
    const pool = new Pool({ connectionString: url, max: poolSize(lane), connectionTimeoutMillis: 5_000 });
    // An idle connection the server drops (a restart, a failover) emits an error; unhandled, it
    // would end the process. The pool replaces the connection on next use.
    // A pool being closed can still hear its last connections cut (end() does not wait for the
    // server to hang up); that is expected, not news.
    pool.on("error", (error) => {
      if (!pool.ended) log.error("idle connection lost", { lane, message: error.message });
    });
    pools[lane] = { url, pool };
  }
  return pools[lane]!.pool;
}

/** Closes every lane's pool (before a process stops its own database, so no connection is cut). */
export async function endAllPools(): Promise<void> {
  const pools = Object.values(holder.__signalboardPools ?? {});
  holder.__signalboardPools = {};
  await Promise.all(pools.map(({ pool }) => pool.end()));
}

// Work to do once a transaction of inTransaction committed (telling others of what it changed),
// by client: a rollback drops it.
const committed = new WeakMap<PoolClient, (() => Promise<void>)[]>();

/**
 * Runs `work` after the transaction `client` is in commits (inTransaction's). A failure is logged,
 * never thrown: the transaction is already committed. Outside inTransaction it is never run, so
 * what it tells must be able to catch up on its own.
 */
export function afterCommit(client: PoolClient, work: () => Promise<void>): void {
  committed.get(client)?.push(work);
}

export async function inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  const after: (() => Promise<void>)[] = [];
  committed.set(client, after);
  let result: T;
  try {
    await client.query("BEGIN");
    result = await work(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    committed.delete(client);
    client.release();
  }
  // After the release: what runs here may take connections of its own, and holding this one
  // meanwhile could leave a busy pool with none to give.
  for (const task of after) {
    try {
      await task();
    } catch (error) {
      log.error("work after a commit failed", error);
    }
  }
  return result;
}

/** Prisma stores DateTime as UTC wall time in `timestamp(3)` columns; write the same. */
export function utc(date: Date | null | undefined): string | null {
  return date ? date.toISOString().slice(0, 23) : null;
}
