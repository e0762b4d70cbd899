import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it, vi } from "vitest";
import type { FakeAdProvider } from "./fake-provider";

// The durable function must reach the ad engine through the connection's provider.
const holder = vi.hoisted(() => ({ fake: null as FakeAdProvider | null }));
vi.mock("@/lib/ads/providers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/ads/providers")>()),
  providerForConnection: async () => holder.fake!,
}));

const { syncConnection } = await import("@/inngest/functions");
const { db } = await import("@/lib/db/client");
const { createRun, getRun } = await import("@/lib/sync/runs");
const { addDays, localDate } = await import("@/lib/time/zone");
const { adConnection, authError, FakeAdProvider: Fake } = await import("./fake-provider");

const event = (scope: { workspaceId: string; connectionId: string }, runId: string) => ({
  events: [{ name: "sync/connection.sync.requested", data: { ...scope, runId } }] as [{ name: string; data: Record<string, string> }],
});

describe("sync-connection for an ad connection", () => {
  it("works a backfill one window per step to the end", async () => {
    const { scope } = await adConnection();
    const today = localDate(new Date(), "America/New_York");
    holder.fake = new Fake().fill(addDays(today, -30), today, ["c1"]);
    const run = await createRun(scope, "backfill");
    const { result, error, ctx } = await new InngestTestEngine({ function: syncConnection }).execute(event(scope, run.id));
    expect(error).toBeUndefined();
    expect(result).toEqual({ runId: run.id });
    // 25 days in windows of 10: three slices.
    expect(ctx.step.run).toHaveBeenCalledWith("slice-2", expect.any(Function));
    expect(ctx.step.run).not.toHaveBeenCalledWith("slice-3", expect.any(Function));
    expect(await getRun(scope, run.id)).toMatchObject({ status: "succeeded", rowsWritten: 25 });
    expect(await db.adInsightDaily.count({ where: scope })).toBe(25);
    expect((await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } })).status).toBe("active");
  });

  it("does not retry a refused token", async () => {
    const { scope } = await adConnection();
    holder.fake = new Fake();
    holder.fake.failOn = { always: true, error: authError() };
    const run = await createRun(scope, "incremental");
    const { error } = await new InngestTestEngine({ function: syncConnection }).execute(event(scope, run.id));
    expect(error).toMatchObject({ name: "NonRetriableError" });
    expect(holder.fake.fetched).toHaveLength(1);
  });
});
