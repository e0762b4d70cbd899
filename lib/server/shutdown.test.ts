import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { createShutdown, type ChildLike } from "./shutdown";

class FakeChild extends EventEmitter implements ChildLike {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  signals: NodeJS.Signals[] = [];
  constructor(private readonly obeys: boolean) {
    super();
  }
  kill(signal: NodeJS.Signals): boolean {
    this.signals.push(signal);
    if (this.obeys || signal === "SIGKILL") setTimeout(() => this.exitAs(null, signal), 5);
    return true;
  }
  exitAs(code: number | null, signal: NodeJS.Signals | null) {
    this.exitCode = code;
    this.signalCode = signal;
    this.emit("exit", code, signal);
  }
}

function harness(child: FakeChild, stop: () => Promise<void>) {
  const exit = vi.fn();
  const lines: string[] = [];
  const shutdown = createShutdown({ child, database: { stop }, exit, log: (line) => lines.push(line), graceMs: 100 });
  return { shutdown, exit, lines };
}

const never = () => new Promise<void>(() => {});

describe("launcher shutdown", () => {
  it("exits promptly on SIGTERM even when the database never reports stopping (it was restarted under it)", async () => {
    const child = new FakeChild(true);
    const { shutdown, exit, lines } = harness(child, never);
    const started = Date.now();
    await shutdown.onSignal("SIGTERM");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(child.signals).toEqual(["SIGTERM"]);
    expect(exit).toHaveBeenCalledExactlyOnceWith(143);
    expect(lines[0]).toBe("▸ Stopping on SIGTERM.");
  });

  it("kills a Next.js that ignores SIGTERM, then exits", async () => {
    const child = new FakeChild(false);
    const { shutdown, exit } = harness(child, async () => {});
    await shutdown.onSignal("SIGINT");
    expect(child.signals).toEqual(["SIGTERM", "SIGKILL"]);
    expect(exit).toHaveBeenCalledExactlyOnceWith(130);
  });

  it("exits non-zero with one line when Next.js refuses to start, and stops the database it started", async () => {
    const child = new FakeChild(true);
    const stop = vi.fn(async () => {});
    const { shutdown, exit, lines } = harness(child, stop);
    child.exitAs(1, null);
    await shutdown.onChildExit(1, null);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^✖ Next\.js exited with code 1 .*another `next dev` in this directory/);
    expect(child.signals).toEqual([]);
    expect(stop).toHaveBeenCalledOnce();
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
    // A signal arriving meanwhile does not stop twice.
    await shutdown.onSignal("SIGTERM");
    expect(exit).toHaveBeenCalledOnce();
  });
});
