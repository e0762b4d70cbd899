// Starts Signalboard: `tsx lib/server/launch.ts dev|start [--ephemeral] [--port N]`.
// With DATABASE_URL unset it runs an embedded PostgreSQL (data in .data/postgres, or a throwaway
// one with --ephemeral), applies migrations, seeds the demo once, then hands over to Next.js.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import type { EmbeddedDatabase } from "../db/embedded";
import { LOCAL_DATA_DIR as DATA_DIR, localDatabase } from "../db/local";
import { applyMigrations } from "../db/migrate";
import { localAuthSecret } from "./auth-secret";

async function main() {
  const started = Date.now();
  const args = process.argv.slice(2);
  const mode = args[0] === "start" ? "start" : "dev";
  const ephemeral = args.includes("--ephemeral");
  const portIndex = args.indexOf("--port");
  const port = portIndex >= 0 ? args[portIndex + 1]! : (process.env.PORT ?? "3000");

  let embedded: EmbeddedDatabase | undefined;
  if (!process.env.DATABASE_URL) {
    const local = await localDatabase({ ephemeral });
    embedded = local;
    process.env.DATABASE_URL = local.url;
    const where = ephemeral ? "throwaway" : local.startedHere ? "data in .data/postgres" : "already running, reused";
    console.log(`▸ Embedded PostgreSQL ready (${where})`);
  }
  const applied = await applyMigrations(process.env.DATABASE_URL);
  if (applied.length) console.log(`▸ Applied migrations: ${applied.join(", ")}`);

  if (!process.env.AUTH_SECRET) {
    if (mode === "start" && !ephemeral && process.env.NODE_ENV === "production") {
      throw new Error("AUTH_SECRET must be set in production (e.g. `openssl rand -base64 32`).");
    }
    process.env.AUTH_SECRET = ephemeral ? crypto.randomBytes(32).toString("base64url") : localAuthSecret(DATA_DIR);
  }
  process.env.APP_URL ??= `http://localhost:${port}`;

  if (mode === "dev" || process.env.SEED_DEMO === "1") {
    const { seedDemo, DEMO } = await import("../seed/demo");
    const demo = await seedDemo();
    console.log(`▸ Demo workspace${demo.created ? " created" : ""}: sign in as ${DEMO.email} / ${DEMO.password}`);
  }
  console.log(`▸ Ready to start Next.js in ${((Date.now() - started) / 1000).toFixed(1)} s → ${process.env.APP_URL}`);

  const next = spawn(process.execPath, [require.resolve("next/dist/bin/next"), mode, "--port", port], {
    stdio: "inherit",
    env: process.env,
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (!next.killed && next.exitCode === null) next.kill("SIGTERM");
    await embedded?.stop().catch(() => {});
    process.exit(code);
  };
  next.on("exit", (code) => void stop(code ?? 0));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
