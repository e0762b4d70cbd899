import { describe, expect, it } from "vitest";
import { workspacesWithWaitingOrders } from "@/lib/attribution/pending";
import { attributionStore, before, placeOrder } from "./support";

const now = new Date();

// The minute sweep finds workspaces with orders never attributed; the scheduler's tick narrowed to
// one workspace (as tests and the CLI run it) must not fan out over every other workspace.

describe("the unattributed-orders sweep", () => {
  it("finds every workspace with a new unattributed order, or only the one it is narrowed to", async () => {
    const first = await attributionStore();
    const second = await attributionStore();
    const quiet = await attributionStore();
    await placeOrder(first.scope, 7001, before(1, now), "20.00");
    await placeOrder(second.scope, 7002, before(2, now), "30.00");
    await placeOrder(quiet.scope, 7003, before(30, now), "40.00");

    const all = await workspacesWithWaitingOrders(now);
    expect(all).toEqual(expect.arrayContaining([first.workspace.id, second.workspace.id]));
    expect(all).not.toContain(quiet.workspace.id);
    expect(await workspacesWithWaitingOrders(now, second.workspace.id)).toEqual([second.workspace.id]);
    expect(await workspacesWithWaitingOrders(now, quiet.workspace.id)).toEqual([]);
  });
});
