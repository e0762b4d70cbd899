// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes a database
// holding every committed migration to the current prisma/schema. Usage: npm run db:migration -- <name>
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "../embedded";
import { applyMigrations, pendingSchemaChanges } from "../migrate";
import { MIGRATIONS_DIR } from "../schema-engine";

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: npm run db:migration -- <name>   (lower-case letters, digits and underscores)");
    process.exit(2);
  }
  const database = await startEmbeddedPostgres({ persistent: false });
  try {
    await applyMigrations(database.url);
    const sql = await pendingSchemaChanges(database.url);
    if (!sql) {
      console.log("The schema matches the committed migrations: nothing to write.");
      return;
    }
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
