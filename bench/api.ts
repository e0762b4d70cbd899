// Throughput of the KPI endpoint in production mode, as a client with an API key sees it: the
// demo workspace (store history loaded, ad history seeded) on a throwaway database, `next start`
// through the launcher, then CONCURRENCY clients asking the same 30-day report back to back for
// SECONDS (after a warm-up that is not counted). Lines of their own, for scripts:
//   rps X        answered requests per second
//   p50_ms X / p99_ms X / max_ms X
//   errors X     answers other than 200 (the run fails if any)
//   server_cpu_ms_per_req X / db_cpu_ms_per_req X / client_cpu_ms_per_req X
//                CPU time per answered request of the server, of PostgreSQL and of this load
//                generator (Linux only), steadier than rps on a machine shared with other work
//
// Usage: npm run bench:api [-- --orders 20000] [--concurrency 20] [--seconds 20] [--port 3305]
// Needs a production build (`npm run build`); it runs one when .next has none.
import { cpuSplit, ensureBuild, startServer, stopServer, waitForHealth } from "./server";
import { numberOption, percentile } from "./stats";
import { runBench, withBenchDatabase } from "./support";

const ORDERS = numberOption("orders", 20_000);
const CONCURRENCY = numberOption("concurrency", 20);
const SECONDS = numberOption("seconds", 20);
const WARM_UP_SECONDS = 3;
const PORT = numberOption("port", 3305);
const BASE = `http://127.0.0.1:${PORT}`;

async function loadDemo(): Promise<{ slug: string; key: string }> {
  const { seedDemo, DEMO } = await import("../lib/seed/demo");
  const { db } = await import("../lib/db/client");
  const { executeRun } = await import("../lib/sync/runner");
  const { localJobsSettled } = await import("../lib/jobs/local");
  const { refreshDirtyRollups } = await import("../lib/metrics/rollups/refresh");
  const { createApiKey } = await import("../lib/api-keys/service");

  const { slug } = await seedDemo({ orders: ORDERS });
  const workspace = await db.workspace.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  // The demo's store history is queued for the app's scheduler; load it here so the server only
  // answers reports while it is measured.
  const runs = await db.syncRun.findMany({ where: { workspaceId: workspace.id, status: "queued" }, select: { id: true, connectionId: true } });
  for (const run of runs) {
    const outcome = await executeRun({ workspaceId: workspace.id, connectionId: run.connectionId }, run.id, { sleep: async () => {} });
    if (outcome !== "succeeded") throw new Error(`The demo history did not load (${outcome}).`);
  }
  await localJobsSettled();
  await refreshDirtyRollups(workspace.id);
  const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO.email }, select: { id: true } });
  const { key } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "Bench", role: "viewer" });
  return { slug, key };
}

type Load = { latencies: number[]; errors: number; seconds: number };

/** CONCURRENCY clients, each sending its next request as soon as the last one is answered. */
async function drive(url: string, key: string, seconds: number): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      const response = await fetch(url, { headers: { Authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
      if (response.status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  ensureBuild();
  await withBenchDatabase({}, async () => {
    const { slug, key } = await loadDemo();
    const server = startServer(PORT);
    try {
      await waitForHealth(server, BASE);
      // The 30 days before the demo history's fixed end, so every run reads the same orders.
      const { DEFAULT_DEMO_END_DATE } = await import("../lib/connectors/shopify/demo/server");
      const { addDays, localDate } = await import("../lib/time/zone");
      const end = localDate(new Date(DEFAULT_DEMO_END_DATE), "America/New_York");
      const range = `date_from=${addDays(end, -30)}&date_to=${addDays(end, -1)}`;
      const url = `${BASE}/api/v1/workspaces/${slug}/reports/kpi?${range}&metrics=total_sales,orders,aov,ad_spend,mer&compare=previous_period`;
      const probe = await fetch(url, { headers: { Authorization: `Bearer ${key}` } });
      if (probe.status !== 200) throw new Error(`The KPI endpoint answered ${probe.status}: ${await probe.text()}`);
      await drive(url, key, WARM_UP_SECONDS);
      const cpuBefore = cpuSplit(server);
      const load = await drive(url, key, SECONDS);
      const cpuAfter = cpuSplit(server);
      const sorted = [...load.latencies].sort((a, b) => a - b);
      console.log(`requests ${sorted.length}`);
      console.log(`rps ${(sorted.length / load.seconds).toFixed(1)}`);
      console.log(`p50_ms ${percentile(sorted, 50).toFixed(1)}`);
      console.log(`p99_ms ${percentile(sorted, 99).toFixed(1)}`);
      console.log(`max_ms ${sorted[sorted.length - 1]!.toFixed(1)}`);
      console.log(`errors ${load.errors}`);
      if (cpuBefore && cpuAfter) {
        for (const part of ["server", "db", "client"] as const) {
          console.log(`${part}_cpu_ms_per_req ${((cpuAfter[part] - cpuBefore[part]) / sorted.length).toFixed(2)}`);
        }
      }
      if (load.errors > 0) process.exitCode = 1;
    } finally {
      await stopServer(server);
    }
  });
}

runBench(main);
