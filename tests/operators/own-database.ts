import { Client } from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { unique } from "../helpers";

/**
 * Points this test file's process at a database of its own, before anything connects. The global
 * settings are one row for the whole installation: switching sign-up to invite-only in the shared
 * test database would refuse the sign-ups of every other file running beside this one.
 */
export async function useOwnDatabase(): Promise<string> {
  const shared = process.env.DATABASE_URL!;
  const name = unique("operators").replace(/-/g, "_");
  const admin = new Client({ connectionString: shared });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const address = new URL(shared);
  address.pathname = `/${name}`;
  await applyMigrations(address.toString());
  process.env.DATABASE_URL = address.toString();
  return address.toString();
}
