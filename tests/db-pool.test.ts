import { describe, expect, it } from "vitest";
import { captureLogs } from "@/lib/log";
import { getPool } from "@/lib/db/pool";

describe("database pool", () => {
  it("survives an idle connection dropped by the server, and keeps serving", async () => {
    const logs = captureLogs();
    // What pg does when the server terminates an idle connection: an "error" event on the pool,
    // which would end the process if nothing listened.
    expect(() => getPool().emit("error", new Error("terminating connection due to administrator command"))).not.toThrow();
    logs.stop();
    expect(logs.text()).toContain("idle connection lost");
    const { rows } = await getPool().query("SELECT 1 AS one");
    expect(rows[0]).toEqual({ one: 1 });
  });
});
