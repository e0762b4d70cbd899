// Operator commands: `npm run cli -- <command> [--flags]`. Uses DATABASE_URL, or the local
// embedded database when it is unset.
import { parseArgs } from "node:util";
import { localDatabase } from "../db/local";
import { LocalDatabaseError, startupFailure } from "../db/local-error";
import { LOCAL_DATA_DIR } from "../db/paths";
import { ensureLocalSecrets } from "../server/local-secrets";
import { warnOnUnsupportedNode } from "../server/node-version";
import { applyMigrations } from "../db/migrate";
import { AppError } from "../errors";
import { COMMANDS, type Command } from "./commands";

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(18)} ${c.usage}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join("\n")}`;
}

async function main(argv: string[]): Promise<number> {
  warnOnUnsupportedNode();
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command: Command | undefined = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  let values: Record<string, string | undefined>;
  try {
    const options = Object.fromEntries(command.options.map((o) => [o, { type: "string" as const }]));
    values = parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: npm run cli -- ${name} ${command.usage}`);
    return 2;
  }
  const missing = command.required.filter((o) => !values[o]);
  if (missing.length) {
    console.error(`Missing ${missing.map((m) => `--${m}`).join(", ")}.\nUsage: npm run cli -- ${name} ${command.usage}`);
    return 2;
  }

  let local: Awaited<ReturnType<typeof localDatabase>> | undefined;
  try {
    local = process.env.DATABASE_URL ? undefined : await localDatabase();
  } catch (error) {
    if (!(error instanceof LocalDatabaseError)) throw error;
    console.error(startupFailure(error));
    return 1;
  }
  if (local) {
    process.env.DATABASE_URL = local.url;
    ensureLocalSecrets(LOCAL_DATA_DIR, false);
  }
  try {
    await applyMigrations(process.env.DATABASE_URL!);
    console.log(await command.run(values));
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      const fields = error.fields ? Object.entries(error.fields).map(([f, m]) => `\n  --${f}: ${m}`).join("") : "";
      console.error(`Error: ${error.message}${fields}`);
      return 1;
    }
    throw error;
  } finally {
    const { disconnectAll } = await import("../db/client");
    await disconnectAll();
    await local?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
