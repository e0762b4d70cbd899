import { describe, expect, it } from "vitest";
import { coalesce } from "./coalesce";

/** A write that records its batches and finishes only when released. */
function gatedWrite() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((n) => n * 10);
  };
  const releaseAll = async () => {
    while (gates.length) gates.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { write, batches, releaseAll };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const options = { inFlight: 1, maxItems: 100, maxWeight: 1_000, weigh: () => 1 };

describe("coalesce", () => {
  it("sends calls made in the same turn as one batch, and gives each caller its own result", async () => {
    const { write, batches, releaseAll } = gatedWrite();
    const record = coalesce(write, options);
    const results = Promise.all([1, 2, 3].map(record));
    await tick();
    expect(batches).toEqual([[1, 2, 3]]);
    await releaseAll();
    expect(await results).toEqual([10, 20, 30]);
  });

  it("holds calls that arrive while the writes in flight are busy, then sends them together", async () => {
    const { write, batches, releaseAll } = gatedWrite();
    const record = coalesce(write, { ...options, inFlight: 2 });
    const first = record(1);
    await tick();
    const second = record(2);
    await tick();
    const later = [3, 4, 5].map((n) => record(n));
    await tick();
    expect(batches).toEqual([[1], [2]]);
    await releaseAll();
    expect(batches).toEqual([[1], [2], [3, 4, 5]]);
    await releaseAll();
    expect(await Promise.all([first, second, ...later])).toEqual([10, 20, 30, 40, 50]);
  });

  it("splits batches by count and by weight, sending a single heavy item alone", async () => {
    const { write, batches, releaseAll } = gatedWrite();
    const record = coalesce(write, { inFlight: 10, maxItems: 2, maxWeight: 100, weigh: (n: number) => n });
    const all = Promise.all([1, 2, 3, 500, 40, 70].map(record));
    await tick();
    expect(batches).toEqual([[1, 2], [3], [500], [40], [70]]);
    await releaseAll();
    expect(await all).toEqual([10, 20, 30, 5000, 400, 700]);
  });

  it("fails only the callers of a batch whose write failed", async () => {
    let calls = 0;
    const record = coalesce(async (items: number[]) => {
      calls++;
      if (items.includes(13)) throw new Error("refused");
      return items;
    }, options);
    const bad = Promise.all([12, 13].map(record));
    await expect(bad).rejects.toThrow("refused");
    expect(await record(14)).toBe(14);
    expect(calls).toBe(2);
  });

  it("refuses a write that returns a result count other than its batch's", async () => {
    const record = coalesce(async () => [], options);
    await expect(record(1)).rejects.toThrow(/0 results for 1 items/);
  });
});
