import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit";

/** A write that records its groups and stays open until `release()` is called. */
function heldWrites() {
  const groups: number[][] = [];
  const releases: Array<(error?: Error) => void> = [];
  const write = (rows: number[]) =>
    new Promise<void>((resolve, reject) => {
      groups.push(rows);
      releases.push((error) => (error ? reject(error) : resolve()));
    });
  return { groups, write, release: (i: number, error?: Error) => releases[i]!(error) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("GroupCommit", () => {
  it("writes rows added in the same turn of the event loop together, and settles each only after its write", async () => {
    const writes = heldWrites();
    const commit = new GroupCommit(writes.write, { maxRows: 100, maxInFlight: 2 });
    let settled = 0;
    const added = [1, 2, 3].map((row) => commit.add(row).then(() => settled++));
    await tick();
    expect(writes.groups).toEqual([[1, 2, 3]]);
    expect(settled).toBe(0);
    writes.release(0);
    await Promise.all(added);
    expect(settled).toBe(3);
  });

  it("fails every row of a failed write, and only those", async () => {
    const writes = heldWrites();
    const commit = new GroupCommit(writes.write, { maxRows: 100, maxInFlight: 2 });
    const first = [commit.add(1), commit.add(2)].map((p) => p.then(() => "ok", (e: Error) => e.message));
    await tick();
    const later = commit.add(3).then(() => "ok", (e: Error) => e.message);
    await tick();
    writes.release(0, new Error("insert failed"));
    writes.release(1);
    expect(await Promise.all(first)).toEqual(["insert failed", "insert failed"]);
    expect(await later).toBe("ok");
  });

  it("queues rows behind the writes in flight and writes them as one group when one ends", async () => {
    const writes = heldWrites();
    const commit = new GroupCommit(writes.write, { maxRows: 100, maxInFlight: 1 });
    const all = [commit.add(1)];
    await tick();
    all.push(commit.add(2));
    await tick();
    all.push(commit.add(3));
    await tick();
    expect(writes.groups).toEqual([[1]]);
    writes.release(0);
    await all[0];
    await tick();
    expect(writes.groups).toEqual([[1], [2, 3]]);
    writes.release(1);
    await Promise.all(all);
  });

  it("splits at maxRows without waiting for the turn to end", async () => {
    const writes = heldWrites();
    const commit = new GroupCommit(writes.write, { maxRows: 2, maxInFlight: 4 });
    const all = [1, 2, 3].map((row) => commit.add(row));
    expect(writes.groups).toEqual([[1, 2]]);
    await tick();
    expect(writes.groups).toEqual([[1, 2], [3]]);
    writes.release(0);
    writes.release(1);
    await Promise.all(all);
  });

  it("fails the group when the write throws before returning a promise", async () => {
    const commit = new GroupCommit<number>(() => {
      throw new Error("bad statement");
    }, { maxRows: 10, maxInFlight: 1 });
    await expect(commit.add(1)).rejects.toThrow("bad statement");
  });
});
