import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { currentLane, poolSize, type DbLane } from "./lanes";

export type Db = PrismaClient;

export function createDb(connectionString: string, max = 10): Db {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, connectionTimeoutMillis: 5_000, max }),
  });
}

// One client per lane and process (lanes.ts: web requests, background work); Next's dev server
// reloads modules, so keep them on globalThis.
const holder = globalThis as unknown as { __signalboardDbs?: Partial<Record<DbLane, Db>> };

export function getDb(): Db {
  const lane = currentLane();
  const clients = (holder.__signalboardDbs ??= {});
  let client = clients[lane];
  if (!client) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start`, which start an embedded Postgres when it is unset.",
      );
    }
    client = clients[lane] = createDb(url, poolSize(lane));
  }
  return client;
}

/** Closes every lane's client (commands that end the process). */
export async function disconnectAll(): Promise<void> {
  await Promise.all(Object.values(holder.__signalboardDbs ?? {}).map((client) => client.$disconnect()));
}

/** Lazily bound so importing a module never opens a connection. */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});
