import path from "node:path";
import { Client } from "pg";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";

import { LOCAL_DATA_DIR } from "./paths";
const LOCAL_PORT = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
const LOCAL_URL = `postgresql://postgres:signalboard@127.0.0.1:${LOCAL_PORT}/signalboard`;

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The database for local runs when DATABASE_URL is unset: the embedded PostgreSQL in .data/,
 * reused if another process (say `npm run dev`) already runs it, else started here.
 */
export async function localDatabase(options: { ephemeral?: boolean } = {}): Promise<EmbeddedDatabase & { startedHere: boolean }> {
  if (options.ephemeral) return { ...(await startEmbeddedPostgres({ persistent: false })), startedHere: true };
  if (await reachable(LOCAL_URL)) return { url: LOCAL_URL, stop: async () => {}, startedHere: false };
  const started = await startEmbeddedPostgres({ persistent: true, dataDir: path.join(LOCAL_DATA_DIR, "postgres"), port: LOCAL_PORT });
  return { ...started, startedHere: true };
}
