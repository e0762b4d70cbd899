import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sealJson } from "@/lib/crypto/secrets";
import { createDb, type Db } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { getPool } from "@/lib/db/pool";
import { unique } from "../helpers";

// `npm run worker` end to end: a process that serves no HTTP picks up a due connection from its
// own database, syncs it through the job seam, and stops cleanly on SIGTERM.

const children: ChildProcess[] = [];
afterAll(() => children.forEach((child) => child.kill("SIGKILL")));

async function freshDatabase(): Promise<{ url: string; db: Db }> {
  const name = unique("worker").replace(/-/g, "_");
  await getPool().query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return { url: url.toString(), db: createDb(url.toString()) };
}

function waitFor(child: ChildProcess, output: string[], pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output.join("")}`)), timeoutMs);
    const check = () => {
      if (pattern.test(output.join(""))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    check();
  });
}

describe("npm run worker", () => {
  it("syncs a due connection without serving HTTP, then stops on SIGTERM", async () => {
    const { url, db } = await freshDatabase();
    await applyMigrations(url);
    // A workspace with the demo store due for its incremental sync, as a web server would leave it.
    const workspace = await db.workspace.create({ data: { slug: unique("w"), name: "Worker test", timeZone: "UTC", currency: "USD" } });
    const connection = await db.connection.create({
      data: {
        workspaceId: workspace.id, provider: "shopify", externalAccountId: "signalboard-demo.myshopify.com", displayName: "Demo",
        credentials: sealJson({ mode: "demo", seed: 7, orders: 150, createdAt: new Date().toISOString() }),
        nextSyncAt: new Date(Date.now() - 60_000), nextRestatementAt: new Date(Date.now() + 86_400_000),
      },
    });
    const worker = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "lib/server/worker.ts"], {
      env: { ...process.env, DATABASE_URL: url, INNGEST_DEV: "", INNGEST_EVENT_KEY: "", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(worker);
    const output: string[] = [];
    worker.stdout!.on("data", (chunk) => output.push(String(chunk)));
    worker.stderr!.on("data", (chunk) => output.push(String(chunk)));
    await waitFor(worker, output, /"scope":"worker".*running the scheduler and jobs/, 60_000);

    // Its first pass finds the connection due; the run syncs the store's orders.
    const deadline = Date.now() + 150_000;
    let run = null;
    while (Date.now() < deadline) {
      run = await db.syncRun.findFirst({ where: { workspaceId: workspace.id, connectionId: connection.id, status: "succeeded" } });
      if (run) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(run?.kind, output.join("")).toBe("incremental");
    expect(await db.order.count({ where: { workspaceId: workspace.id } })).toBeGreaterThan(100);

    const exited = new Promise<number | null>((resolve) => worker.on("exit", resolve));
    worker.kill("SIGTERM");
    expect(await exited).toBe(0);
    await db.$disconnect();
  }, 240_000);
});
