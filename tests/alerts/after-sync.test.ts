import { beforeEach, describe, expect, it, vi } from "vitest";
import { evaluateAlertsJob } from "@/lib/alerts/jobs";
import { connectDemoStore } from "@/lib/connections/service";
import { db } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/enqueue";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { executeRun } from "@/lib/sync/runner";
import { createRun } from "@/lib/sync/runs";
import { bundle, FakeStore } from "../sync/fake-source";

vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => {}) }));

const alertAsks = (workspaceId: string) =>
  vi.mocked(enqueue).mock.calls.filter(([job, payload]) => job.id === evaluateAlertsJob.id && (payload as { workspaceId: string }).workspaceId === workspaceId);

async function syncOnce(withRule: boolean) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const connection = await connectDemoStore(workspace.id, { orders: 100 });
  if (withRule) {
    await db.alertRule.create({ data: { workspaceId: workspace.id, name: "Orders", kind: "metric", metric: "orders", method: "threshold", window: "today_so_far", params: { operator: "below", value: "1" } } });
  }
  const scope = { workspaceId: workspace.id, connectionId: connection.id };
  const store = new FakeStore();
  store.put(bundle(1, new Date("2026-01-05T12:00:00Z")));
  const { id } = await createRun(scope, "backfill");
  expect(await executeRun(scope, id, { source: store, sleep: async () => {} })).toBe("succeeded");
  return workspace.id;
}

describe("alerts after a sync", () => {
  beforeEach(() => vi.mocked(enqueue).mockClear());

  it("asks for a pass over the workspace's rules when a sync run succeeds", async () => {
    const workspaceId = await syncOnce(true);
    expect(alertAsks(workspaceId).map(([, payload]) => payload)).toEqual([{ workspaceId, trigger: "sync" }]);
  });

  it("asks for nothing in a workspace without rules", async () => {
    const workspaceId = await syncOnce(false);
    expect(alertAsks(workspaceId)).toEqual([]);
  });

  it("coalesces asks per workspace: every sync's ask has the same identity", () => {
    expect(evaluateAlertsJob.dedupeKey!({ workspaceId: "w1", trigger: "sync" })).toBe(evaluateAlertsJob.dedupeKey!({ workspaceId: "w1", trigger: "sync" }));
    expect(evaluateAlertsJob.dedupeKey!({ workspaceId: "w1", trigger: "sync" })).not.toBe(evaluateAlertsJob.dedupeKey!({ workspaceId: "w2", trigger: "sync" }));
  });
});
