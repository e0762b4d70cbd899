import { describe, expect, it, vi } from "vitest";
import { getPool } from "@/lib/db/pool";

describe("database pool", () => {
  it("survives an idle connection dropped by the server, and keeps serving", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    // What pg does when the server terminates an idle connection: an "error" event on the pool,
    // which would end the process if nothing listened.
    expect(() => getPool().emit("error", new Error("terminating connection due to administrator command"))).not.toThrow();
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("idle connection lost"));
    logged.mockRestore();
    const { rows } = await getPool().query("SELECT 1 AS one");
    expect(rows[0]).toEqual({ one: 1 });
  });
});
