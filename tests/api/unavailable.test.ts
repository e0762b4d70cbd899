import { Pool } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import * as inngestRoute from "@/app/api/inngest/route";
import { errorResponse } from "@/lib/api/respond";
import { createDb } from "@/lib/db/client";

// A database that cannot be reached is a 503 with Retry-After (as health says), never a 500; and
// the Inngest endpoint is simply absent when no Inngest server is configured.

const CLOSED = "postgresql://postgres:nobody@127.0.0.1:1/none";
const unreachable = createDb(CLOSED);
const pool = new Pool({ connectionString: CLOSED, connectionTimeoutMillis: 2_000 });
afterAll(async () => {
  await unreachable.$disconnect();
  await pool.end();
});

async function thrown(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("the database out of reach", () => {
  it("answers 503 with Retry-After for Prisma's and pg's connection failures", async () => {
    for (const error of [await thrown(() => unreachable.user.findFirst()), await thrown(() => pool.query("SELECT 1"))]) {
      const response = errorResponse(error);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unavailable");
    }
  });

  it("still answers 500 for an error that is ours", async () => {
    expect(errorResponse(new TypeError("a bug")).status).toBe(500);
  });
});

describe("/api/inngest without Inngest", () => {
  it("answers 404 to every method", async () => {
    for (const handler of [inngestRoute.GET, inngestRoute.POST, inngestRoute.PUT]) {
      const response = await handler(new Request("http://localhost/api/inngest", { method: "POST", body: "{}" }), {});
      expect(response.status).toBe(404);
    }
  });
});
