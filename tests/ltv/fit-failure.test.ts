import { describe, expect, it, onTestFinished, vi } from "vitest";
import { captureLogs } from "@/lib/log";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { fitWorkspaceModel } from "@/lib/ltv/fit-workspace";
import { generateOrders, storeWithOrders } from "./factory";

// A fit that throws is recorded as failed with its reason, logged, and leaves no stale prediction.

vi.mock("@/lib/ltv/model", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/ltv/model")>()),
  fitLtvModel: () => {
    throw new Error("the optimiser ran out of memory");
  },
}));

describe("a fit that fails", () => {
  it("is stored as failed with a reason, and clears the predictions", async () => {
    const orders = generateOrders({ seed: 4, customers: 20, from: "2025-06-01", to: "2026-06-30" });
    const { workspace } = await storeWithOrders(orders, { from: "2025-06-01", to: "2026-06-30" });
    await getPool().query("UPDATE customer_profiles SET p_active = 0.5, predicted_ltv_12m = 10, predicted_at = now() WHERE workspace_id = $1", [workspace.id]);
    const logs = captureLogs();
    onTestFinished(logs.stop);

    const outcome = await fitWorkspaceModel(workspace.id, { now: new Date("2026-06-30T12:00:00Z") });

    expect(outcome.status).toBe("failed");
    const model = await db.ltvModel.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(model).toMatchObject({ status: "failed", parameters: null, backtest: null });
    expect(model.reason).toContain("the optimiser ran out of memory");
    expect(logs.lines().map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ level: "error", scope: "ltv", msg: "fit failed", workspaceId: workspace.id, err: expect.objectContaining({ type: "Error" }) }));
    const { rows } = await getPool().query("SELECT count(*)::int AS n FROM customer_profiles WHERE workspace_id = $1 AND (p_active IS NOT NULL OR predicted_at IS NOT NULL)", [workspace.id]);
    expect(rows[0].n).toBe(0);
  });
});
