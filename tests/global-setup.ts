import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { ensureSampleRates } from "../lib/fx/store";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

// One throwaway PostgreSQL per test run, migrated with the committed migrations.
export default async function setup(project: TestProject) {
  const database = process.env.TEST_DATABASE_URL
    ? { url: process.env.TEST_DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres({ persistent: false });
  await applyMigrations(database.url);
  await ensureSampleRates(database.url);
  project.provide("databaseUrl", database.url);
  return async () => {
    await database.stop();
  };
}
