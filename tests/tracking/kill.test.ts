import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "@/lib/auth/tokens";
import { createDb, type Db } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { getPool } from "@/lib/db/pool";
import { newWriteKeyValue } from "@/lib/tracking/write-keys";
import { unique } from "../helpers";

// The inbox's promise, tested with real processes and SIGKILL: an acknowledged event is never
// lost and never stored twice, wherever a process dies. The children run against a database of
// their own, so no other test's drain moves their rows and the slow-move trigger touches no one.

const children: ChildProcess[] = [];
afterAll(() => children.forEach((child) => child.kill("SIGKILL")));

let url: string;
let db: Db;

beforeAll(async () => {
  const name = unique("kill").replace(/-/g, "_");
  await getPool().query(`CREATE DATABASE ${name}`);
  const address = new URL(process.env.DATABASE_URL!);
  address.pathname = `/${name}`;
  url = address.toString();
  await applyMigrations(url);
  db = createDb(url);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
});

type Child = { process: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Runs tests/tracking/children/<script>.ts under tsx against the kill tests' database. */
function child(script: string, env: Record<string, string> = {}): Child {
  // tsx as a loader, not its CLI: the CLI runs the script in a second process, which a SIGKILL
  // to the first would leave running.
  const proc = spawn(process.execPath, ["--import", "tsx", path.join("tests", "tracking", "children", `${script}.ts`)], {
    // Jobs go to an Inngest that is not there: the sender's process must not drain by itself.
    env: { ...process.env, DATABASE_URL: url, INNGEST_DEV: "http://127.0.0.1:9", INNGEST_EVENT_KEY: "", TRACKING_RATE_PER_SECOND: "100000", TRACKING_BURST: "100000", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(proc);
  const chunks: string[] = [];
  proc.stdout!.on("data", (chunk) => chunks.push(String(chunk)));
  proc.stderr!.on("data", (chunk) => chunks.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return { process: proc, output: () => chunks.join(""), exited };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, log = () => ""): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The message ids a sender printed as acknowledged: only those after a 202. */
const acknowledged = (output: string) => new Set([...output.matchAll(/^acked (.+)$/gm)].flatMap((m) => m[1]!.split(",")));

async function senderWorkspace() {
  const workspace = await db.workspace.create({ data: { slug: unique("kill"), name: "Kill test", timeZone: "UTC", currency: "USD" } });
  const key = newWriteKeyValue();
  await db.writeKey.create({ data: { workspaceId: workspace.id, name: "Store", value: key, keyHash: hashToken(key), allowedOrigins: [] } });
  return { workspaceId: workspace.id, key };
}

async function counts(workspaceId: string) {
  const [row] = await db.$queryRawUnsafe<{ stored: number; distinct_ids: number; ledger: number; inbox: number }[]>(
    `SELECT (SELECT count(*) FROM tracked_events WHERE workspace_id = $1)::int AS stored,
            (SELECT count(DISTINCT message_id) FROM tracked_events WHERE workspace_id = $1)::int AS distinct_ids,
            (SELECT count(*) FROM tracked_event_ids WHERE workspace_id = $1)::int AS ledger,
            (SELECT count(*) FROM tracking_inbox WHERE workspace_id = $1)::int AS inbox`,
    workspaceId,
  );
  return row!;
}

const storedIds = async (workspaceId: string) =>
  new Set((await db.trackedEvent.findMany({ where: { workspaceId }, select: { messageId: true } })).map((e) => e.messageId));

async function drainInNewProcess(): Promise<string> {
  const drain = child("drain");
  expect(await drain.exited, drain.output()).toBe(0);
  return drain.output();
}

/**
 * A test-only trigger that makes the second batch's move wait in pg_sleep at the end of its
 * statement, after its delete and inserts, inside its transaction. The count of moves it saw is
 * transactional too: a batch rolled back does not count.
 */
async function slowSecondMove(sleepSeconds: number) {
  const name = unique("kill_slow").replace(/-/g, "_");
  await db.$executeRawUnsafe(`CREATE TABLE ${name} (n int NOT NULL)`);
  await db.$executeRawUnsafe(`INSERT INTO ${name} VALUES (0)`);
  await db.$executeRawUnsafe(`
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE ${name} SET n = n + 1;
      IF (SELECT n FROM ${name}) = 2 THEN PERFORM pg_sleep(${sleepSeconds}); END IF;
      RETURN NULL;
    END $$`);
  await db.$executeRawUnsafe(`CREATE TRIGGER ${name} AFTER INSERT ON tracked_event_ids FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`);
  return {
    moves: async () => (await db.$queryRawUnsafe<{ n: number }[]>(`SELECT n FROM ${name}`))[0]!.n,
    drop: () => db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${name} ON tracked_event_ids`),
  };
}

describe("SIGKILL and the tracking inbox", () => {
  it("keeps every event acknowledged before the sender was killed, and a new process's drain stores each once", async () => {
    const { workspaceId, key } = await senderWorkspace();
    const sender = child("append", { KILL_TEST_WRITE_KEY: key, KILL_TEST_RUN: unique("a") });
    // Killed while it is still sending: after some acknowledgements, at no chosen point of a request.
    await until("acknowledgements", () => (sender.output().match(/^acked /gm)?.length ?? 0) >= 40, 60_000, sender.output);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 50)));
    sender.process.kill("SIGKILL");
    expect(await sender.exited).toBeNull();

    const acked = acknowledged(sender.output());
    const before = await counts(workspaceId);
    // No drain ran: everything acknowledged is still in the inbox.
    expect(before.stored).toBe(0);
    expect(before.inbox).toBeGreaterThanOrEqual(40);

    expect(await drainInNewProcess()).toMatch(/drained/);
    const after = await counts(workspaceId);
    const stored = await storedIds(workspaceId);
    expect([...acked].filter((id) => !stored.has(id))).toEqual([]);
    expect(after).toEqual({ stored: after.distinct_ids, distinct_ids: after.distinct_ids, ledger: after.distinct_ids, inbox: 0 });
    // At most the one request cut short by the kill was stored without being acknowledged.
    expect(after.stored - acked.size).toBeLessThanOrEqual(10);
  }, 120_000);

  // The move is one statement; a test-only trigger on the ledger makes the chosen batch's
  // transaction wait in pg_sleep after its delete and inserts, where the parent sees it and kills
  // the drain. `abortOnDisconnect` is whether the server notices the dead client during the
  // statement (client_connection_check_interval): with it the batch rolls back, without it the
  // statement runs to its end and commits with nobody listening. Both must end exactly once.
  it.each([
    { abortOnDisconnect: true, sleepSeconds: 60 },
    { abortOnDisconnect: false, sleepSeconds: 2 },
  ])("moves a large inbox exactly once after a drain killed inside its transaction (server aborts: $abortOnDisconnect)", async ({ abortOnDisconnect, sleepSeconds }) => {
    const { workspaceId, key } = await senderWorkspace();
    // 300 requests of 20 events, every fifth a retry of the one before: 2 batches of the drain.
    const sender = child("append", { KILL_TEST_WRITE_KEY: key, KILL_TEST_RUN: unique("b"), KILL_TEST_REQUESTS: "300", KILL_TEST_EVENTS_PER_REQUEST: "20" });
    expect(await sender.exited, sender.output()).toBe(0);
    const acked = acknowledged(sender.output());
    expect(acked.size).toBe(240 * 20);
    expect((await counts(workspaceId)).inbox).toBe(300);

    const slow = await slowSecondMove(sleepSeconds);
    try {
      const appName = unique("kill-drain");
      const drain = child("drain", { PGAPPNAME: appName, PGOPTIONS: abortOnDisconnect ? "-c client_connection_check_interval=100" : "" });
      // Inside the move: the statement over the inbox is running, holds a transaction id (it has
      // written), and waits in the trigger's sleep.
      const backend = await until(
        "drain inside its transaction",
        async () =>
          (
            await db.$queryRawUnsafe<{ pid: number }[]>(
              `SELECT pid FROM pg_stat_activity
               WHERE application_name = $1 AND state = 'active' AND backend_xid IS NOT NULL AND wait_event = 'PgSleep'
                 AND query LIKE '%DELETE FROM tracking_inbox%'`,
              appName,
            )
          )[0],
        60_000,
        drain.output,
      );
      drain.process.kill("SIGKILL");
      expect(await drain.exited).toBeNull();
      await until("the killed drain's backend to end", async () => (await db.$queryRawUnsafe<unknown[]>("SELECT 1 FROM pg_stat_activity WHERE pid = $1", backend.pid)).length === 0, 30_000);
    } finally {
      await slow.drop();
    }

    const moves = await slow.moves();
    const killed = await counts(workspaceId);
    if (abortOnDisconnect) {
      // The second batch rolled back: its rows are back in the inbox, only the first is stored.
      expect(moves).toBe(1);
      expect(killed.inbox).toBe(100);
    } else {
      // The statement outlived its client and committed: both batches are stored.
      expect(moves).toBe(2);
      expect(killed.inbox).toBe(0);
    }
    expect(killed.stored).toBe(killed.distinct_ids);

    expect(await drainInNewProcess()).toMatch(/drained/);
    const after = await counts(workspaceId);
    expect(after).toEqual({ stored: acked.size, distinct_ids: acked.size, ledger: acked.size, inbox: 0 });
    const stored = await storedIds(workspaceId);
    expect([...acked].every((id) => stored.has(id))).toBe(true);
  }, 180_000);
});
