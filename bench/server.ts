// The production server a bench measures: `next start` through the launcher (lib/server/launch.ts)
// on the bench's database, its health awaited, stopped at the end, and the CPU it used.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { treeCpuMs } from "./process-cpu";

/** Runs `next build` when .next holds no production build. */
export function ensureBuild(): void {
  if (fs.existsSync(".next/BUILD_ID")) return;
  console.error("No production build in .next: running next build first.");
  const built = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], { stdio: ["ignore", "ignore", "inherit"] });
  if (built.status !== 0) throw new Error("next build failed.");
}

/** `next start` on `port` through the launcher, with DATABASE_URL (the bench's) and `env` on top of this process's. */
export function startServer(port: number, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "lib/server/launch.ts", "start", "--port", String(port)], {
    env: {
      ...process.env,
      AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-auth-secret-not-for-production",
      NEXT_TELEMETRY_DISABLED: "1",
      SEED_DEMO: "0",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export async function waitForHealth(server: ChildProcess, base: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with code ${server.exitCode} before it answered.`);
    try {
      if ((await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("The server did not answer /api/health within 2 minutes.");
}

export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export type CpuSplit = { server: number; db: number; client: number };

/** CPU used so far by the server's processes, by PostgreSQL (this process's other children) and by this process. */
export function cpuSplit(server: ChildProcess): CpuSplit | null {
  const serverMs = treeCpuMs(server.pid!);
  const everything = treeCpuMs(process.pid, [server.pid!]);
  if (serverMs === null || everything === null) return null;
  const usage = process.cpuUsage();
  const client = (usage.user + usage.system) / 1000;
  return { server: serverMs, db: everything - client, client };
}
