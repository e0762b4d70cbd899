import { describe, expect, it } from "vitest";
import { fitWorkspaceModels, journeyPaths, storedFits } from "@/lib/attribution/fits";
import { attributeOrders } from "@/lib/attribution/recompute";
import { requestAttributionRecompute } from "@/lib/attribution/request";
import { localJobsSettled } from "@/lib/jobs/local";
import { attributionStore, before, creditsOf, emailHash, link, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

// Three journeys, all in the last 90 days:
//   Pat (two visitors, one person): tiktok, email, order 9001, then facebook (not converted yet);
//   Lee: google only (never converted);
//   Sam: email, order 9002.
async function journeys() {
  const store = await attributionStore();
  const ws = store.workspace.id;
  const now = new Date();
  const pat = `e:${emailHash("pat@example.com")}`;
  const patPhone = unique("cid"), patLaptop = unique("cid"), lee = unique("cid"), sam = unique("cid");
  await visitor(ws, patPhone, pat);
  await visitor(ws, patLaptop, pat);
  await visitor(ws, lee);
  await visitor(ws, sam);
  await session(ws, patLaptop, before(10, now), { channel: "tiktok" });
  await session(ws, patPhone, before(6, now), { channel: "email" });
  await session(ws, patPhone, before(2, now), { channel: "facebook" });
  await session(ws, lee, before(4, now), { channel: "google" });
  await session(ws, sam, before(3, now), { channel: "email" });
  await refreshTouchpoints(ws, [patPhone, patLaptop, lee, sam]);
  await link(ws, patPhone, "order", "9001");
  await link(ws, sam, "order", "9002");
  await placeOrder(store.scope, 9001, before(5, now), "40.00");
  await placeOrder(store.scope, 9002, before(1, now), "10.00");
  const orders = [9001n, 9002n].map((orderId) => ({ connectionId: store.connection.id, orderId }));
  return { ...store, ws, now, orders };
}

describe("data-driven fits", () => {
  it("cuts each person's journey at their orders into converting paths, and keeps what follows as a path that did not convert", async () => {
    const { ws, now, orders } = await journeys();
    await attributeOrders(ws, orders);
    const paths = await journeyPaths(ws, before(90, now));
    const sorted = [...paths].sort((a, b) => a.channels.join().localeCompare(b.channels.join()) || Number(a.converted) - Number(b.converted));
    expect(sorted).toEqual([
      { channels: ["email"], converted: true, count: 1 },
      { channels: ["facebook"], converted: false, count: 1 },
      { channels: ["google"], converted: false, count: 1 },
      { channels: ["tiktok", "email"], converted: true, count: 1 },
    ]);
  });

  it("stores both fits and credits orders by them; without a fit the data-driven models give no credit", async () => {
    const { ws, now, orders } = await journeys();
    await attributeOrders(ws, orders);
    expect(await creditsOf(ws, 9001, "shapley", 28)).toEqual({});
    expect(await creditsOf(ws, 9001, "markov", 28)).toEqual({});

    expect(await fitWorkspaceModels(ws, now)).toEqual({ paths: 4, conversions: 2 });
    const fits = await storedFits(ws);
    expect(fits.map((f) => [f.model, f.paths, f.conversions, f.windowDays])).toEqual([["markov", 4, 2, 90], ["shapley", 4, 2, 90]]);
    // Shapley: email is half of Pat's conversion and all of Sam's (1.5 of 2), tiktok the other half of Pat's.
    expect((fits[1]!.fit as { values: Record<string, number> }).values).toEqual({ email: 1.5, tiktok: 0.5, facebook: 0, google: 0 });
    const markov = fits[0]!.fit as { removalEffects: Record<string, number>; transitions: unknown[] };
    expect(Object.keys(markov.removalEffects).sort()).toEqual(["email", "facebook", "google", "tiktok"]);
    expect(markov.transitions.length).toBeGreaterThan(0);

    await attributeOrders(ws, orders);
    expect(await creditsOf(ws, 9001, "shapley", 28)).toEqual({ tiktok: { orders: 250_000n, revenue: 1000n }, email: { orders: 750_000n, revenue: 3000n } });
    const markovCredit = await creditsOf(ws, 9001, "markov", 28);
    expect(markovCredit.tiktok!.orders + markovCredit.email!.orders).toBe(1_000_000n);
    expect(markovCredit.tiktok!.revenue + markovCredit.email!.revenue).toBe(4000n);
  });

  it("fits nothing for a workspace without conversions, and the nightly recompute fits and re-credits", async () => {
    const { ws, orders } = await journeys();
    const empty = await attributionStore();
    const v = unique("cid");
    await visitor(empty.workspace.id, v);
    await session(empty.workspace.id, v, before(1, new Date()), { channel: "google" });
    await refreshTouchpoints(empty.workspace.id, [v]);
    expect(await fitWorkspaceModels(empty.workspace.id)).toEqual({ paths: 1, conversions: 0 });
    expect(await storedFits(empty.workspace.id)).toEqual([]);

    await attributeOrders(ws, orders);
    await requestAttributionRecompute(ws, "fit");
    await localJobsSettled();
    expect((await storedFits(ws)).map((f) => f.model)).toEqual(["markov", "shapley"]);
    expect(await creditsOf(ws, 9002, "shapley", 7)).toEqual({ email: { orders: 1_000_000n, revenue: 1000n } });
  });
});
