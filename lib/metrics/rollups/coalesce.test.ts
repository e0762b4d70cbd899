import { describe, expect, it } from "vitest";
import { createCoalescer } from "./coalesce";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("createCoalescer", () => {
  it("runs at once, then once more for everyone who asked during the run, never two at a time", async () => {
    const coalesce = createCoalescer();
    const gates = [gate(), gate(), gate()];
    let started = 0;
    let active = 0;
    let maxActive = 0;
    const work = async () => {
      const mine = gates[started++]!;
      active++;
      maxActive = Math.max(maxActive, active);
      await mine.opened;
      active--;
    };
    const first = coalesce("w1", work);
    const during = [coalesce("w1", work), coalesce("w1", work), coalesce("w1", work)];
    expect(started).toBe(1);
    expect(during[0]).toBe(during[2]);
    gates[0]!.open();
    await first;
    // The queued run starts only after the first one ended.
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(2);
    // A caller arriving now waits for a third run: the second may have read its marks too early.
    const late = coalesce("w1", work);
    gates[1]!.open();
    await Promise.all(during);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(3);
    gates[2]!.open();
    await late;
    expect(maxActive).toBe(1);
    // Other keys never wait for this one.
    let other = 0;
    await coalesce("w2", async () => void other++);
    expect(other).toBe(1);
  });

  it("still runs the queued refresh when the one before it failed", async () => {
    const coalesce = createCoalescer();
    const runs: string[] = [];
    const failing = coalesce("w", async () => {
      runs.push("a");
      throw new Error("boom");
    });
    const queued = coalesce("w", async () => void runs.push("b"));
    await expect(failing).rejects.toThrow("boom");
    await queued;
    expect(runs).toEqual(["a", "b"]);
  });
});
