import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { refreshSessionTouchpoints } from "@/lib/attribution/touchpoints";
import { attributionStore, before, session, visitor } from "./support";
import { unique } from "../helpers";

describe("rewriting touchpoints", () => {
  it("waits for a rewrite of the same workspace in flight instead of inserting its sessions twice", async () => {
    const { workspace } = await attributionStore();
    const ws = workspace.id;
    const cid = unique("cid");
    await visitor(ws, cid);
    await session(ws, cid, before(1), { channel: "google", clickIdType: "gclid" });

    const first = await getPool().connect();
    const second = await getPool().connect();
    try {
      await first.query("BEGIN");
      expect(await refreshSessionTouchpoints(first, ws, { anonymousIds: [cid] })).toBe(1);
      // The hourly span's rewrite starts while the drain's is uncommitted.
      const secondPid = (await second.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      await second.query("BEGIN");
      const overlapping = refreshSessionTouchpoints(second, ws, { since: before(30) }).then(
        async (count) => {
          await second.query("COMMIT");
          return count;
        },
        async (error: unknown) => {
          await second.query("ROLLBACK");
          throw error;
        },
      );
      // Commit the first only once the second is blocked on it (on its lock, or without one on
      // the first's uncommitted rows).
      await expect.poll(async () => (await getPool().query("SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1", [secondPid])).rows[0]?.wait_event_type, { timeout: 10_000 }).toBe("Lock");
      await first.query("COMMIT");
      expect(await overlapping).toBe(1);
    } finally {
      first.release();
      second.release();
    }
    const { rows } = await getPool().query("SELECT count(*)::int AS n FROM attribution_touchpoints WHERE workspace_id = $1", [ws]);
    expect(rows[0].n).toBe(1);
  });
});
