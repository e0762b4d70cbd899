import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;

export function createDb(connectionString: string): Db {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, connectionTimeoutMillis: 5_000, max: 10 }),
  });
}

// One client per process; Next's dev server reloads modules, so keep it on globalThis.
const holder = globalThis as unknown as { __signalboardDb?: Db };

export function getDb(): Db {
  if (!holder.__signalboardDb) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start`, which start an embedded Postgres when it is unset.",
      );
    }
    holder.__signalboardDb = createDb(url);
  }
  return holder.__signalboardDb;
}

/** Lazily bound so importing a module never opens a connection. */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});
