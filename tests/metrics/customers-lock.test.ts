import { describe, expect, it } from "vitest";
import type { PoolClient } from "pg";
import { getPool } from "@/lib/db/pool";
import { refreshCustomersOf } from "@/lib/metrics/rollups/rollup";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";

// A refresh builds the sales rollup and the customers and cohorts at the same time, on two
// connections: the customers take turns under a lock of their own, so they never wait for a sales
// rebuild, and still wait for another customers refresh of the workspace.

const RANGE = [{ fromDay: "2026-03-01", toDay: "2026-03-31" }];

/** Holds one of the workspace's advisory locks in an open transaction until `release` is called. */
async function holdLock(name: string, workspaceId: string): Promise<{ release: () => Promise<void> }> {
  const client: PoolClient = await getPool().connect();
  await client.query("BEGIN");
  await client.query("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", [name, workspaceId]);
  return {
    release: async () => {
      await client.query("COMMIT");
      client.release();
    },
  };
}

/** Whether `work` has settled within `ms`. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([work.then(() => true), late]);
  clearTimeout(timer);
  return result;
}

async function workspace(): Promise<string> {
  const owner = await seedUser();
  return (await seedWorkspace(owner.id)).id;
}

describe("the customers refresh's lock", () => {
  it("does not wait for a sales rebuild holding the rollups' lock", async () => {
    const workspaceId = await workspace();
    const rollups = await holdLock("rollups", workspaceId);
    try {
      expect(await settlesWithin(refreshCustomersOf(workspaceId, RANGE), 10_000)).toBe(true);
    } finally {
      await rollups.release();
    }
  });

  it("waits for another customers refresh of the workspace", async () => {
    const workspaceId = await workspace();
    const customers = await holdLock("customers", workspaceId);
    const refresh = refreshCustomersOf(workspaceId, RANGE);
    try {
      expect(await settlesWithin(refresh, 1_500)).toBe(false);
    } finally {
      await customers.release();
    }
    expect(await settlesWithin(refresh, 10_000)).toBe(true);
  });
});
