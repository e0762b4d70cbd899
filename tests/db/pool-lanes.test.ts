import type { PoolClient } from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { asBackgroundWork, currentLane, poolSize } from "@/lib/db/lanes";
import { endAllPools, getPool } from "@/lib/db/pool";
import { defineJob } from "@/lib/jobs/define";
import { runLocalJob } from "@/lib/jobs/local";

// A small background pool, so the test can take all of it. Set before any pool exists in this file's process.
process.env.DATABASE_POOL_JOBS = "2";

const held: PoolClient[] = [];
afterEach(() => {
  for (const client of held.splice(0)) client.release();
});

async function elapsed(work: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await work();
  return Date.now() - started;
}

describe("database pools", () => {
  it("serve web queries at once while background work holds every connection of its own pool", async () => {
    await asBackgroundWork(async () => {
      for (let i = 0; i < poolSize("jobs"); i++) held.push(await getPool().connect());
    });
    // Background work is now out of pg connections…
    const starved = asBackgroundWork(() => getPool().connect());
    // …and Prisma's background connections are all in open transactions too.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transactions = asBackgroundWork(() =>
      Promise.all([0, 1].map(() => db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        await gate;
      }, { timeout: 30_000 }))),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(await elapsed(() => getPool().query("SELECT 1"))).toBeLessThan(1_000);
    expect(await elapsed(() => db.workspace.count())).toBeLessThan(1_000);

    await expect(starved).rejects.toThrow(/timeout/i);
    release();
    await transactions;
  });

  it("runs in-process jobs, and what they schedule, on the background pools", async () => {
    const lanes: string[] = [];
    const job = defineJob({
      id: "test-lane-probe",
      schema: z.object({ key: z.string() }),
      concurrencyKey: "key",
      retries: 0,
      handler: async () => ({
        run: async () => {
          lanes.push(currentLane());
          await new Promise((resolve) => setTimeout(resolve, 1));
          lanes.push(currentLane());
        },
      }),
    });
    expect(await runLocalJob(job, { key: "lane" })).toBe("done");
    expect(lanes).toEqual(["jobs", "jobs"]);
    expect(currentLane()).toBe("web");
  });

  it("names the variable when a pool size is not a whole number", () => {
    process.env.DATABASE_POOL_WEB = "ten";
    try {
      expect(() => poolSize("web")).toThrow(/DATABASE_POOL_WEB must be a whole number/);
    } finally {
      delete process.env.DATABASE_POOL_WEB;
    }
  });

  it("closes every lane's pool at once, and opens fresh ones on next use", async () => {
    const web = getPool();
    const jobs = asBackgroundWork(() => getPool());
    expect(jobs).not.toBe(web);
    await endAllPools();
    expect([web.ended, jobs.ended]).toEqual([true, true]);
    const again = getPool();
    expect(again).not.toBe(web);
    expect((await again.query("SELECT 1 AS one")).rows[0].one).toBe(1);
  });
});
