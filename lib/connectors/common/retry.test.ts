import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { captureLogs } from "@/lib/log";
import { withRetry } from "./retry";

class Failure extends Error {
  constructor(
    readonly kind: "down" | "paced" | "fatal",
    readonly waitMs: number | null = null,
  ) {
    super(kind);
  }
}

/** Fails with each of `failures` in turn, then resolves with the attempt number. */
function script(...failures: Failure[]) {
  const fn = vi.fn(async (attempt: number) => {
    const failure = failures[attempt - 1];
    if (failure) throw failure;
    return attempt;
  });
  return fn;
}

function recorder() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

afterEach(() => vi.restoreAllMocks());

describe("withRetry", () => {
  it("doubles the backoff per failure and rethrows the last failure once the attempts are spent", async () => {
    const { sleeps, sleep } = recorder();
    const fn = script(new Failure("down"), new Failure("down"), new Failure("down"), new Failure("down"), new Failure("down"));
    const error = await withRetry(fn, { attempts: 4, baseDelayMs: 100, jitter: false, sleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Failure);
    expect(fn).toHaveBeenCalledTimes(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it("resolves with the first success and passes the attempt number", async () => {
    const { sleeps, sleep } = recorder();
    const fn = script(new Failure("down"));
    expect(await withRetry(fn, { attempts: 3, baseDelayMs: 10, jitter: false, sleep })).toBe(2);
    expect(sleeps).toEqual([10]);
  });

  it("rethrows a failure that is not retryable at once", async () => {
    const { sleeps, sleep } = recorder();
    const fn = script(new Failure("down"), new Failure("fatal"));
    const error = await withRetry(fn, { attempts: 5, sleep, retryable: (e) => (e as Failure).kind !== "fatal" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "fatal" });
    expect(fn).toHaveBeenCalledTimes(2);
    expect(sleeps).toHaveLength(1);
  });

  it("waits at least what a failure asks for, and never less than the backoff", async () => {
    const { sleeps, sleep } = recorder();
    const fn = script(new Failure("down", 5_000), new Failure("down", 1), new Failure("down"));
    await withRetry(fn, { attempts: 4, baseDelayMs: 100, jitter: false, sleep, waitMs: (e) => (e as Failure).waitMs });
    expect(sleeps).toEqual([5_000, 200, 400]);
  });

  it("spreads a jittered backoff over 50-100% of itself", async () => {
    const { sleeps, sleep } = recorder();
    const random = vi.spyOn(Math, "random").mockReturnValueOnce(0).mockReturnValueOnce(0.5);
    await withRetry(script(new Failure("down"), new Failure("down")), { attempts: 3, baseDelayMs: 100, sleep });
    expect(random).toHaveBeenCalledTimes(2);
    expect(sleeps).toEqual([50, 150]);
  });

  it("logs each retry under its label", async () => {
    const logs = captureLogs();
    onTestFinished(logs.stop);
    await withRetry(script(new Failure("down")), { attempts: 2, baseDelayMs: 10, jitter: false, sleep: async () => {}, label: "smtp" });
    expect(logs.lines().map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ level: "warn", scope: "retry", msg: "attempt failed, retrying", call: "smtp", attempt: 1, delayMs: 10, err: expect.objectContaining({ message: "down" }) })]);
  });

  it("lets the caller reword the failure once the attempts are spent", async () => {
    const fn = script(new Failure("down"), new Failure("down"));
    const error = await withRetry(fn, {
      attempts: 2,
      sleep: async () => {},
      exhausted: (e, spent) => new Error(`${(e as Error).message} after ${spent.attempts} attempts`),
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("down after 2 attempts");
  });

  describe("with pacing", () => {
    const pacing = (maxWaits: number, afterWait = vi.fn()) => ({ applies: (e: unknown) => (e as Failure).kind === "paced", maxWaits, afterWait });

    it("waits paced failures out on their own count, exactly as long as they ask, without using up attempts", async () => {
      const { sleeps, sleep } = recorder();
      const afterWait = vi.fn();
      const fn = script(new Failure("paced", 14_800), new Failure("down"), new Failure("paced", 30), new Failure("paced", 40));
      const result = await withRetry(fn, {
        attempts: 2,
        baseDelayMs: 1_000,
        jitter: false,
        sleep,
        waitMs: (e) => (e as Failure).waitMs,
        pacing: pacing(3, afterWait),
      });
      expect(result).toBe(5);
      // The ordinary failure still backs off; the paced ones wait what they named, even below the backoff.
      expect(sleeps).toEqual([14_800, 1_000, 30, 40]);
      expect(afterWait).toHaveBeenCalledTimes(3);
    });

    it("doubles a paced wait that names no duration, up to 32 times the base", async () => {
      const { sleeps, sleep } = recorder();
      const fn = script(...Array.from({ length: 8 }, () => new Failure("paced")));
      await withRetry(fn, { attempts: 1, baseDelayMs: 10, sleep, waitMs: (e) => (e as Failure).waitMs, pacing: pacing(20) });
      expect(sleeps).toEqual([10, 20, 40, 80, 160, 320, 320, 320]);
    });

    it("gives up after maxWaits paced failures, saying how many were waited", async () => {
      const { sleeps, sleep } = recorder();
      const fn = script(new Failure("paced", 5), new Failure("paced", 5), new Failure("paced", 5));
      const error = await withRetry(fn, {
        attempts: 4,
        sleep,
        waitMs: (e) => (e as Failure).waitMs,
        pacing: pacing(2),
        exhausted: (_e, spent) => spent,
      }).catch((e: unknown) => e);
      expect(error).toEqual({ attempts: 0, waits: 2 });
      expect(fn).toHaveBeenCalledTimes(3);
      expect(sleeps).toEqual([5, 5]);
    });
  });
});
