// The image's `migrate` command (the Kubernetes migration Job, `docker compose run --rm migrate`):
// applies the committed migrations to DATABASE_URL and exits, so a deploy migrates once before
// new web servers start rather than in every replica. `npm run db:migrate` runs the same.
import { applyMigrations } from "../lib/db/migrate";

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write("DATABASE_URL must be set: migrate changes the database it names and never starts one.\n");
    return 2;
  }
  const applied = await applyMigrations(url);
  process.stdout.write(applied.length ? `Applied migrations: ${applied.join(", ")}\n` : "The database is up to date.\n");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
