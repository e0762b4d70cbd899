import { getPool } from "@/lib/db/pool";

/**
 * Runs `work` while holding a session-level Postgres advisory lock, so two processes (two servers,
 * a worker and the CLI) never work the same key at once. Null when another process holds it.
 */
export async function withAdvisoryLock<T>(key: string, work: () => Promise<T>): Promise<T | null> {
  const client = await getPool().connect();
  try {
    const { rows } = await client.query("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [key]);
    if (!rows[0]?.locked) return null;
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [key]);
    }
  } finally {
    client.release();
  }
}
