import { describe, expect, it } from "vitest";
import { DEFAULT_ATTRIBUTION_SETTINGS, getAttributionSettings } from "@/lib/attribution/settings";
import { saveAttributionSettings } from "@/lib/attribution/settings-save";
import { attributeOrders } from "@/lib/attribution/recompute";
import { localJobsSettled } from "@/lib/jobs/local";
import { attributionStore, before, creditsOf, link, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { expectAppError, unique } from "../helpers";

describe("attribution settings", () => {
  it("refuses a half-life of 0 or shares over 1, naming the field", async () => {
    const { workspace } = await attributionStore();
    const zero = await expectAppError(saveAttributionSettings(workspace.id, { model: { halfLifeDays: 0 } }), "bad_request");
    expect(Object.keys(zero.fields ?? {})).toEqual(["model.halfLifeDays"]);
    const shares = await expectAppError(saveAttributionSettings(workspace.id, { model: { positionBased: { first: 0.7, last: 0.4 } } }), "bad_request");
    expect(Object.keys(shares.fields ?? {})).toEqual(["model.positionBased"]);
    const model = await expectAppError(saveAttributionSettings(workspace.id, { defaultModel: "gut_feeling" }), "bad_request");
    expect(Object.keys(model.fields ?? {})).toEqual(["defaultModel"]);
    expect(await getAttributionSettings(workspace.id)).toEqual(DEFAULT_ATTRIBUTION_SETTINGS);
  });

  it("recomputes recent credit with the new settings once saved", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    const now = new Date();
    const v = unique("cid");
    await visitor(ws, v);
    await session(ws, v, before(14, now), { channel: "tiktok" });
    await session(ws, v, before(0.5, now), { channel: "email" });
    await refreshTouchpoints(ws, [v]);
    await link(ws, v, "order", "8001");
    await placeOrder(scope, 8001, new Date(now.getTime() - 60_000), "30.00");
    await attributeOrders(ws, [{ connectionId: connection.id, orderId: 8001n }]);
    const defaults = await creditsOf(ws, 8001, "time_decay", 28);

    await saveAttributionSettings(ws, { model: { halfLifeDays: 100 }, defaultWindow: "14" });
    await localJobsSettled();
    expect(await getAttributionSettings(ws)).toEqual({ model: { halfLifeDays: 100, positionBased: { first: 0.4, last: 0.4 } }, defaultModel: "last_non_direct", defaultWindow: 14 });
    const slow = await creditsOf(ws, 8001, "time_decay", 28);
    // A longer half-life gives the older touch more of the order.
    expect(slow.tiktok!.orders).toBeGreaterThan(defaults.tiktok!.orders);
    expect(slow.tiktok!.orders + slow.email!.orders).toBe(1_000_000n);
    expect(slow.tiktok!.revenue + slow.email!.revenue).toBe(3000n);
  });
});
