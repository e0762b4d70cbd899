// `npm run db:citus-layout`: writes deploy/citus/layout.sql from the committed migrations, applied
// to a throwaway PostgreSQL.
import fs from "node:fs";
import { Client } from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { readCatalog } from "./catalog";
import { citusLayout } from "./layout";

import { LAYOUT_FILE } from "./generate-paths";

async function main(): Promise<void> {
  const database = await startEmbeddedPostgres({ persistent: false });
  try {
    await applyMigrations(database.url);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      fs.writeFileSync(LAYOUT_FILE, citusLayout(await readCatalog(client)));
    } finally {
      await client.end();
    }
    process.stdout.write(`Wrote ${LAYOUT_FILE}\n`);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
