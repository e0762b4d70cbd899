// Throughput of the event API (POST /api/v1/track) in production mode, and whether every
// acknowledged event is stored exactly once. A throwaway database, `next start` through the
// launcher, then autocannon in this process (the load comes from a second process on loopback,
// with keep-alive connections that each send their next request when the last is answered):
//   1. single events for SECONDS, then 2. batches of BATCH events for SECONDS;
//   every event has a message id of its own, and REPLAY_EVERY-th request resends an
//   already acknowledged request's events (same ids) to exercise the dedupe;
//   3. waits for the drain to empty the inbox, then compares tracked_events with the ids the
//   server acknowledged (202).
// Lines of their own, for scripts:
//   load_avg X             1-minute load average at the start (and load_avg_end at the end)
//   single_rps X / p50 X / p99 X             acknowledged single-event requests per second, latency in ms
//   events_per_s X / batch_rps X / batch_p50 X / batch_p99 X   the same for batches
//   errors X / batch_errors X                 answers other than 202 (the run fails if any)
//   server_cpu_ms_per_req X / db_cpu_ms_per_req X (and batch_…)   CPU per request (Linux only)
//   drain_ms X             from the end of the load to an empty inbox
//   acknowledged X / stored X / stored_unacknowledged X / lost X / duplicated X
//                          distinct ids acknowledged, rows stored, stored ids whose answer the
//                          client never read (in flight when a phase ended), acknowledged ids
//                          not stored, rows beyond one per id (lost and duplicated fail the run)
// The bench's write key must not be throttled: the server runs with TRACKING_RATE_PER_SECOND and
// TRACKING_BURST raised (printed as rate_limit_per_s).
//
// Usage: npm run bench:track [-- --seconds 20] [--connections 20] [--batch 50] [--visitors 2000]
//        [--port 3306]
// Needs a production build (`npx next build --webpack`); it runs one when .next has none.
import os from "node:os";
import autocannon from "autocannon";
import { cpuSplit, ensureBuild, startServer, stopServer, waitForHealth, type CpuSplit } from "./server";
import { numberOption, percentile } from "./stats";
import { runBench, withBenchDatabase } from "./support";

const SECONDS = numberOption("seconds", 20);
const WARM_UP_SECONDS = 3;
const CONNECTIONS = numberOption("connections", 20);
const BATCH = numberOption("batch", 50);
const REPLAY_EVERY = 20;
// Visitors the events are spread over: a real store's visitors send several events each, and
// what the drain does after storing them (sessions, identity) works per visitor.
const VISITORS = numberOption("visitors", 2_000);
const PORT = numberOption("port", 3306);
const BASE = `http://127.0.0.1:${PORT}`;
const UNTHROTTLED = 1_000_000;
const DRAIN_TIMEOUT_MS = 10 * 60_000;

/** What the server acknowledged, across every phase: ids of 202-answered requests. */
class Ledger {
  readonly acknowledged = new Set<string>();
  private readonly replayable: string[][] = [];
  private counter = 0;

  nextIds(count: number): string[] {
    return Array.from({ length: count }, () => `m-${(this.counter++).toString(36)}`);
  }

  acknowledge(ids: string[]): void {
    for (const id of ids) this.acknowledged.add(id);
    // A small pool of acknowledged requests to resend; replacing at random keeps it recent.
    if (this.replayable.length < 1_000) this.replayable.push(ids);
    else this.replayable[Math.floor(Math.random() * this.replayable.length)] = ids;
  }

  replayIds(): string[] | null {
    return this.replayable.length === 0 ? null : this.replayable[Math.floor(Math.random() * this.replayable.length)]!;
  }
}

type Phase = { answered: number; acknowledgedEvents: number; errors: number; latencies: number[]; seconds: number; cpu: CpuSplit | null };

const loadAverage = () => os.loadavg()[0]!.toFixed(2);

/** A message id's visitor: the same for every send of it. */
const visitorOf = (id: string) => parseInt(id.slice(2), 36) % VISITORS;

function body(writeKey: string, ids: string[], single: boolean): string {
  const events = ids.map((id, i) => ({ event: "bench_event", message_id: id, anonymous_id: `v-${visitorOf(id)}`, properties: { i } }));
  return JSON.stringify(single ? { write_key: writeKey, ...events[0] } : { write_key: writeKey, batch: events });
}

/** CONNECTIONS keep-alive clients sending `size`-event requests for `seconds`. */
async function drive(ledger: Ledger, writeKey: string, size: number, seconds: number, server: Parameters<typeof cpuSplit>[0]): Promise<Phase> {
  const phase: Phase = { answered: 0, acknowledgedEvents: 0, errors: 0, latencies: [], seconds: 0, cpu: null };
  let sent = 0;
  const before = cpuSplit(server);
  // The instance is an event emitter and, without a callback, a promise of the result too.
  const instance = autocannon({
    url: `${BASE}/api/v1/track`,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: "POST",
        setupRequest: (request, context) => {
          const replay = ++sent % REPLAY_EVERY === 0 ? ledger.replayIds() : null;
          const ids = replay && replay.length === size ? replay : ledger.nextIds(size);
          (context as { ids?: string[] }).ids = ids;
          return { ...request, headers: { "content-type": "text/plain;charset=UTF-8" }, body: body(writeKey, ids, size === 1) };
        },
        onResponse: (status, _body, context) => {
          phase.answered++;
          if (status !== 202) {
            phase.errors++;
            return;
          }
          const ids = (context as { ids?: string[] }).ids ?? [];
          phase.acknowledgedEvents += ids.length;
          ledger.acknowledge(ids);
        },
      },
    ],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on("response", (_client, _status, _bytes, responseTime) => phase.latencies.push(responseTime));
  const result = await instance;
  const after = cpuSplit(server);
  phase.seconds = result.duration;
  if (before && after) phase.cpu = { server: after.server - before.server, db: after.db - before.db, client: after.client - before.client };
  phase.errors += result.errors;
  return phase;
}

function report(prefix: string, phase: Phase, size: number): void {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  const requests = phase.answered;
  const acknowledgedRequests = phase.acknowledgedEvents / size;
  if (size === 1) console.log(`single_rps ${(acknowledgedRequests / phase.seconds).toFixed(0)}`);
  else {
    console.log(`events_per_s ${(phase.acknowledgedEvents / phase.seconds).toFixed(0)}`);
    console.log(`batch_rps ${(acknowledgedRequests / phase.seconds).toFixed(0)}`);
  }
  console.log(`${prefix}p50 ${percentile(sorted, 50).toFixed(1)}`);
  console.log(`${prefix}p99 ${percentile(sorted, 99).toFixed(1)}`);
  console.log(`${prefix}errors ${phase.errors}`);
  if (phase.cpu && requests > 0) {
    console.log(`${prefix}server_cpu_ms_per_req ${(phase.cpu.server / requests).toFixed(3)}`);
    console.log(`${prefix}db_cpu_ms_per_req ${(phase.cpu.db / requests).toFixed(3)}`);
    console.log(`${prefix}client_cpu_ms_per_req ${(phase.cpu.client / requests).toFixed(3)}`);
  }
}

async function waitForDrain(): Promise<number> {
  const { getPool } = await import("../lib/db/pool");
  const started = Date.now();
  while (Date.now() - started < DRAIN_TIMEOUT_MS) {
    const { rows } = await getPool().query<{ left: boolean }>("SELECT EXISTS (SELECT 1 FROM tracking_inbox) AS left");
    if (!rows[0]!.left) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The inbox was not drained within ${DRAIN_TIMEOUT_MS / 1000} s.`);
}

/** Rows per message id stored for the workspace. */
async function storedCounts(workspaceId: string): Promise<Map<string, number>> {
  const { getPool } = await import("../lib/db/pool");
  const { rows } = await getPool().query<{ message_id: string; n: number }>(
    "SELECT message_id, count(*)::int AS n FROM tracked_events WHERE workspace_id = $1 GROUP BY message_id",
    [workspaceId],
  );
  return new Map(rows.map((row) => [row.message_id, row.n]));
}

async function main() {
  console.log(`load_avg ${loadAverage()}`);
  ensureBuild();
  await withBenchDatabase({}, async () => {
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const { createWriteKey } = await import("../lib/tracking/write-keys");
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const writeKey = await createWriteKey(workspace.id, { userId: owner.id }, { name: "Bench", allowed_origins: [] });

    const server = startServer(PORT, { TRACKING_RATE_PER_SECOND: String(UNTHROTTLED), TRACKING_BURST: String(UNTHROTTLED) });
    console.log(`rate_limit_per_s ${UNTHROTTLED} (TRACKING_RATE_PER_SECOND and TRACKING_BURST for the server, so the key is not throttled)`);
    console.log(`connections ${CONNECTIONS}`);
    try {
      await waitForHealth(server, BASE);
      const ledger = new Ledger();
      const probe = await fetch(`${BASE}/api/v1/track`, { method: "POST", body: body(writeKey.key, ledger.nextIds(1), true) });
      if (probe.status !== 202) throw new Error(`The event API answered ${probe.status}: ${await probe.text()}`);

      await drive(ledger, writeKey.key, 1, WARM_UP_SECONDS, server);
      const singles = await drive(ledger, writeKey.key, 1, SECONDS, server);
      report("", singles, 1);
      await drive(ledger, writeKey.key, BATCH, WARM_UP_SECONDS, server);
      const batches = await drive(ledger, writeKey.key, BATCH, SECONDS, server);
      report("batch_", batches, BATCH);

      console.log(`drain_ms ${await waitForDrain()}`);
      const stored = await storedCounts(workspace.id);
      let rows = 0;
      let duplicated = 0;
      for (const n of stored.values()) {
        rows += n;
        duplicated += n - 1;
      }
      let lost = 0;
      for (const id of ledger.acknowledged) if (!stored.has(id)) lost++;
      console.log(`acknowledged ${ledger.acknowledged.size}`);
      console.log(`stored ${rows}`);
      console.log(`stored_unacknowledged ${[...stored.keys()].filter((id) => !ledger.acknowledged.has(id)).length}`);
      console.log(`lost ${lost}`);
      console.log(`duplicated ${duplicated}`);
      console.log(`load_avg_end ${loadAverage()}`);
      if (lost > 0 || duplicated > 0 || singles.errors > 0 || batches.errors > 0) process.exitCode = 1;
    } finally {
      await stopServer(server);
    }
  });
}

runBench(main);
