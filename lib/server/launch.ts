// Starts Signalboard: `tsx lib/server/launch.ts dev|start [--ephemeral] [--port N]`.
// With DATABASE_URL unset it runs an embedded PostgreSQL (data in .data/postgres, or a throwaway
// one with --ephemeral), applies migrations, seeds the demo once, then hands over to Next.js.
// SIGNALBOARD_DATABASE_URL_FILE names a file to write the embedded database's URL to, so the
// operator commands can reach a throwaway database (the e2e suite grants an operator that way).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startupFailure } from "../db/local-error";
import { prepareRuntime } from "./runtime";
import { createShutdown } from "./shutdown";

async function main() {
  const started = Date.now();
  const args = process.argv.slice(2);
  const mode = args[0] === "start" ? "start" : "dev";
  const ephemeral = args.includes("--ephemeral");
  const portIndex = args.indexOf("--port");
  const port = portIndex >= 0 ? args[portIndex + 1]! : (process.env.PORT ?? "3000");

  const { embedded } = await prepareRuntime({ ephemeral, production: mode === "start" });
  const urlFile = process.env.SIGNALBOARD_DATABASE_URL_FILE;
  if (embedded && urlFile) fs.writeFileSync(urlFile, embedded.url, { mode: 0o600 });
  process.env.APP_URL ??= `http://localhost:${port}`;

  if (mode === "dev" || process.env.SEED_DEMO === "1") {
    const { seedDemo, DEMO } = await import("../seed/demo");
    const demo = await seedDemo({ orders: process.env.DEMO_STORE_ORDERS || undefined, seed: process.env.DEMO_STORE_SEED || undefined });
    console.log(`▸ Demo workspace${demo.created ? " created" : ""}: sign in as ${DEMO.email} / ${DEMO.password}`);
  }
  // Next.js runs in its own process; the launcher's connections (the seed's) would only be cut,
  // noisily, when it stops the database.
  const { disconnectAll } = await import("../db/client");
  const { endAllPools } = await import("../db/pool");
  await disconnectAll();
  await endAllPools();
  console.log(`▸ Ready to start Next.js in ${((Date.now() - started) / 1000).toFixed(1)} s → ${process.env.APP_URL}`);

  const next = spawn(process.execPath, nextCommand(mode, port), { stdio: "inherit", env: process.env });
  const shutdown = createShutdown({ child: next, database: embedded, exit: (code) => process.exit(code), log: (line) => console.error(line) });
  next.on("exit", (code, signal) => void shutdown.onChildExit(code, signal));
  void warmUp(port);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown.onSignal(signal));
}

/**
 * `next dev`, or in production the web server that answers the event API in front of Next.js
 * (web.ts); SIGNALBOARD_TRACK_FRONT=off runs plain `next start` instead.
 */
function nextCommand(mode: "dev" | "start", port: string): string[] {
  if (mode === "start" && process.env.SIGNALBOARD_TRACK_FRONT !== "off") return ["--import", "tsx", path.join(__dirname, "web.ts"), "--port", port];
  return [require.resolve("next/dist/bin/next"), mode, "--port", port];
}

/**
 * Asks the server for its health once it listens: that starts its background scheduler (Next
 * runs instrumentation on the first request) so syncs such as the demo's history begin without
 * waiting for a visitor.
 */
async function warmUp(port: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(30_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

main().catch((error) => {
  console.error(startupFailure(error));
  process.exit(1);
});
