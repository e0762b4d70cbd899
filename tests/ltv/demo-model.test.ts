import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { localJobsSettled } from "@/lib/jobs/local";
import { seedDemo } from "@/lib/seed/demo";
import { executeRun } from "@/lib/sync/runner";

// On first start the demo workspace is created with its store's backfill queued; when the backfill
// finishes, the LTV model is fitted on its customers without anyone asking.

describe("the demo workspace's LTV model", () => {
  it("is fitted on every demo customer once the demo store's history has loaded", async () => {
    const demo = await seedDemo({ orders: 2_500, seed: 1 });
    expect(demo.created).toBe(true);
    const workspace = await db.workspace.findUniqueOrThrow({ where: { slug: demo.slug } });
    const run = await db.syncRun.findFirstOrThrow({ where: { workspaceId: workspace.id, kind: "backfill" } });
    expect(await db.ltvModel.findUnique({ where: { workspaceId: workspace.id } })).toBeNull();

    const before = new Date();
    expect(await executeRun({ workspaceId: workspace.id, connectionId: run.connectionId }, run.id, { sleep: async () => {} })).toBe("succeeded");
    await localJobsSettled();

    const model = await db.ltvModel.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(model.fittedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 60_000);
    const customers = await db.customerProfile.count({ where: { workspaceId: workspace.id } });
    expect(customers).toBeGreaterThan(1_000);
    expect(model.customers).toBe(customers);
    // The demo's customers differ in how often and how much they buy: enough for a fit and its backtest.
    expect(model.status, model.reason ?? "").toBe("fitted");
    expect((model.backtest as { status?: string } | null)?.status).toBe("done");
  }, 300_000);
});
