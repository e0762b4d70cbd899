import { describe, expect, it } from "vitest";
import { attributionChoice, setMetaAttributionWindow } from "@/lib/connections/attribution";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { localJobsSettled as localSyncsSettled } from "@/lib/jobs/local";
import { expectAppError } from "../helpers";

// Meta's attribution window is a per-connection choice that changes every past day's purchases:
// saving it keeps the connection's other settings and re-pulls its history with the new window.

async function metaConnection() {
  const workspace = await seedWorkspace((await seedUser()).id);
  const store = await connectDemoStore(workspace.id, { orders: 200, seed: 9 });
  const meta = await db.connection.create({
    data: {
      workspaceId: workspace.id, provider: "meta_ads", externalAccountId: "act_55", displayName: "Meta Ads (demo)",
      credentials: sealJson({}), scopes: [], timeZone: "America/Los_Angeles", currency: "USD", settings: { demo: true, restatementDays: 5 },
    },
    select: { id: true },
  });
  return { workspace, store, scope: { workspaceId: workspace.id, connectionId: meta.id } };
}

describe("Meta attribution window", () => {
  it("defaults to Meta's own, and a change is saved beside the other settings and re-pulls history", async () => {
    const { scope } = await metaConnection();
    const before = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(attributionChoice(before.settings)).toBe("7d_click,1d_view");

    const { choice, runId } = await setMetaAttributionWindow(scope, { attributionWindow: "1d_click" });
    expect(choice).toBe("1d_click");
    const after = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(after.settings).toEqual({ demo: true, restatementDays: 5, attributionWindow: ["1d_click"] });
    expect(attributionChoice(after.settings)).toBe("1d_click");

    await localSyncsSettled();
    const run = await db.syncRun.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: runId } });
    expect(run).toMatchObject({ kind: "manual", status: "succeeded" });
    // Two years of the account's days, less what the platform no longer keeps.
    expect(run.rowsExpected).toBeGreaterThan(700);
  });

  it("refuses an unknown window, another platform's connection and another workspace's, changing nothing", async () => {
    const { scope, store } = await metaConnection();
    const unknown = await expectAppError(setMetaAttributionWindow(scope, { attributionWindow: "28d_click" }), "bad_request");
    expect(unknown.fields).toHaveProperty("attributionWindow");
    const shopify = await expectAppError(setMetaAttributionWindow({ ...scope, connectionId: store.id }, { attributionWindow: "7d_click" }), "bad_request");
    expect(shopify.message).toContain("Only Meta Ads connections");
    const other = await seedWorkspace((await seedUser()).id);
    await expectAppError(setMetaAttributionWindow({ workspaceId: other.id, connectionId: scope.connectionId }, { attributionWindow: "7d_click" }), "not_found");
    const unchanged = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(unchanged.settings).toEqual({ demo: true, restatementDays: 5 });
    expect(await db.syncRun.count({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId } })).toBe(0);
  });
});
