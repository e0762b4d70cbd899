// What every process that runs Signalboard (the web launcher, the worker) needs first: a database
// (the embedded one when DATABASE_URL is unset), its migrations, and the secrets.
import type { EmbeddedDatabase } from "../db/embedded";
import { applyMigrations } from "../db/migrate";
import { LOCAL_DATA_DIR } from "../db/paths";
import { logger } from "../log";
import { ensureLocalSecrets } from "./local-secrets";
import { warnOnUnsupportedNode } from "./node-version";

const log = logger("runtime");

export async function prepareRuntime(options: { ephemeral: boolean; production: boolean }): Promise<{ embedded: EmbeddedDatabase | null }> {
  warnOnUnsupportedNode();
  const ownDatabase = Boolean(process.env.DATABASE_URL);
  let embedded: EmbeddedDatabase | null = null;
  if (!ownDatabase) {
    // Loaded only when needed: the embedded server's library takes over the process's exit on signals.
    const { localDatabase } = await import("../db/local");
    const local = await localDatabase({ ephemeral: options.ephemeral });
    embedded = local;
    process.env.DATABASE_URL = local.url;
    const where = options.ephemeral ? "throwaway" : local.startedHere ? "data in .data/postgres" : "already running, reused";
    log.info("embedded PostgreSQL ready", { where });
  }
  const applied = await applyMigrations(process.env.DATABASE_URL!);
  if (applied.length) log.info("migrations applied", { migrations: applied });

  const missing = ["AUTH_SECRET", "SECRETS_KEYS", "HASH_SECRET"].filter((name) => !process.env[name]);
  // A production process (own database) must bring its own secrets; generated ones would not
  // survive a redeploy, and a worker's would not open what the web servers sealed.
  if (missing.length && options.production && ownDatabase) {
    throw new Error(`${missing.join(", ")} must be set in production (see README: Configuration).`);
  }
  ensureLocalSecrets(LOCAL_DATA_DIR, options.ephemeral);
  return { embedded };
}
