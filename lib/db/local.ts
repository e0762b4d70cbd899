import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { Client } from "pg";
import { PASSWORD, startEmbeddedPostgres, USER, type EmbeddedDatabase } from "./embedded";
import { LocalDatabaseError } from "./local-error";
import { LOCAL_DATA_DIR } from "./paths";

const LOCAL_PORT = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1_000, () => done(true));
    socket.once("connect", () => done(true));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code !== "ECONNREFUSED"));
  });
}

const realPath = (dir: string) => {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
};

/** The data directory of the PostgreSQL on `port`, or null when it is not one this project can sign in to. */
async function dataDirectoryOn(port: number): Promise<string | null> {
  const client = new Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres", connectionTimeoutMillis: 2_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>("SHOW data_directory");
    return rows[0]?.data_directory ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether the server on `port` is this checkout's embedded PostgreSQL. Several checkouts (or other
 * projects using embedded-postgres) share the same default port and credentials, so answering on
 * the port proves nothing: the server's own data directory must be ours.
 */
async function ownServerOn(port: number, dataDir: string): Promise<boolean> {
  const theirs = await dataDirectoryOn(port);
  const hint = `Stop it, or set EMBEDDED_POSTGRES_PORT to a free port (or DATABASE_URL to a database of your own).`;
  if (theirs === null) {
    throw new LocalDatabaseError(`Port ${port} is in use by something other than this project's embedded PostgreSQL. ${hint}`);
  }
  if (realPath(theirs) !== realPath(dataDir)) {
    throw new LocalDatabaseError(
      `Port ${port} is held by another PostgreSQL, whose data is in ${theirs}, not this project's ${dataDir}; it will not be used. ${hint}`,
    );
  }
  return true;
}

/**
 * The database for local runs when DATABASE_URL is unset: the embedded PostgreSQL in .data/,
 * reused if another process of this checkout (say `npm run dev`) already runs it, else started
 * here. A different server on the port is refused, never written to.
 */
export async function localDatabase(
  options: { ephemeral?: boolean; port?: number; dataDir?: string } = {},
): Promise<EmbeddedDatabase & { startedHere: boolean }> {
  if (options.ephemeral) return { ...(await startEmbeddedPostgres({ persistent: false })), startedHere: true };
  const port = options.port ?? LOCAL_PORT;
  const dataDir = options.dataDir ?? path.join(LOCAL_DATA_DIR, "postgres");
  if ((await listening(port)) && (await ownServerOn(port, dataDir))) {
    return { url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/signalboard`, dataDir, stop: async () => {}, startedHere: false };
  }
  const logFile = path.join(path.dirname(dataDir), "postgres.log");
  const started = await startEmbeddedPostgres({ persistent: true, dataDir, port, logFile });
  return { ...started, startedHere: true };
}
