// The billing spec's app: the production server, as `launch.ts start` runs it, on a throwaway
// PostgreSQL at a port the spec knows (argv: app port, database port). The spec reads and moves the
// clock-kept fields there (a grace period's end) the way a week passing would, and arranges what no
// stand-in can make (connections of real stores). Stopped with the server.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import { generateKeyEntry } from "../../lib/crypto/secrets";
import { startEmbeddedPostgres } from "../../lib/db/embedded";

async function main() {
  const [port, databasePort] = [process.argv[2] ?? "3100", Number(process.argv[3] ?? 3102)];
  const database = await startEmbeddedPostgres({ persistent: false, port: databasePort });
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    SECRETS_KEYS: generateKeyEntry("e2e"),
    HASH_SECRET: crypto.randomBytes(32).toString("base64url"),
  };
  const app = spawn(process.execPath, ["--import", "tsx", "lib/server/launch.ts", "start", "--port", port], { stdio: "inherit", env });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await database.stop().catch(() => {});
    process.exit(code);
  };
  app.on("exit", (code) => void stop(code ?? 0));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => app.kill(signal));
}

void main();
