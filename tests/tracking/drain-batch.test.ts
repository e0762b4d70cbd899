import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { getPool } from "@/lib/db/pool";
import { moveInboxBatch } from "@/lib/tracking/drain";
import { unique } from "../helpers";

// A batch takes at most its size of inbox rows, whatever plan the server picks for the move. A
// plan that rescans the row picker (a nested loop with no materialised inner side) once walked
// past rows the same statement had already deleted and took the whole inbox in one batch.

let client: pg.Client;

beforeAll(async () => {
  // A database of its own: the move takes the oldest rows of the whole inbox.
  const name = unique("drain_batch").replace(/-/g, "_");
  await getPool().query(`CREATE DATABASE ${name}`);
  const address = new URL(process.env.DATABASE_URL!);
  address.pathname = `/${name}`;
  await applyMigrations(address.toString());
  client = new pg.Client({ connectionString: address.toString() });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
});

const event = (n: number) => ({ event: "page_view", message_id: `m-${n}`, occurred_at: "2026-03-04T05:06:07.000", anonymous_id: "v-1" });

describe("one drain batch", () => {
  it.each([
    { plan: "the planner's own choice", settings: [] as string[] },
    { plan: "a nested loop that rescans the row picker", settings: ["enable_hashjoin", "enable_mergejoin", "enable_material", "enable_hashagg", "enable_sort"] },
  ])("moves at most its size of inbox rows, oldest first ($plan)", async ({ settings }) => {
    const workspaceId = unique("ws");
    for (let n = 0; n < 7; n++) {
      await client.query(`INSERT INTO tracking_inbox (workspace_id, source, events) VALUES ($1, 'server', $2)`, [workspaceId, JSON.stringify([event(n)])]);
    }
    const ids = (await client.query<{ id: string }>(`SELECT id FROM tracking_inbox WHERE workspace_id = $1 ORDER BY id`, [workspaceId])).rows.map((r) => r.id);

    await client.query("BEGIN");
    for (const setting of settings) await client.query(`SET LOCAL ${setting} = off`);
    const moved = await moveInboxBatch(client, 3);
    await client.query("COMMIT");

    expect(moved.rows).toBe(3);
    const left = (await client.query<{ id: string }>(`SELECT id FROM tracking_inbox WHERE workspace_id = $1 ORDER BY id`, [workspaceId])).rows.map((r) => r.id);
    expect(left).toEqual(ids.slice(3));
    const stored = await client.query<{ message_id: string }>(`SELECT message_id FROM tracked_events WHERE workspace_id = $1 ORDER BY message_id`, [workspaceId]);
    expect(stored.rows.map((r) => r.message_id)).toEqual(["m-0", "m-1", "m-2"]);
    // The rest, for the next test's inbox to start empty.
    await client.query(`DELETE FROM tracking_inbox`);
  });
});
