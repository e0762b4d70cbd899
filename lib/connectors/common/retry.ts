import { logger } from "@/lib/log";

const log = logger("retry");
// The one way Signalboard tries something again: exponential backoff up to an attempts cap, a wait
// the failure itself names (Retry-After) honoured as well, and an injectable sleep so tests never
// wait. A platform that paces its callers by a budget it reports (Shopify's query cost) can have its
// rate limits waited out on a count of their own, so a busy shop does not use up the attempts that
// are meant for outages.

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Past this many doublings a paced wait that names no duration stops growing (32x the base). */
const MAX_PACED_DOUBLINGS = 5;

export type Pacing = {
  /** Whether a failure is the platform pacing us (waited out) rather than failing (backed off). */
  applies: (error: unknown) => boolean;
  /** Paced failures waited out for one call before giving up. */
  maxWaits: number;
  /** Called once each paced wait has been slept. */
  afterWait?: () => void;
};

export type RetryOptions = {
  /** Tries in all for ordinary failures, the first included. */
  attempts?: number;
  /** The first backoff; it doubles with every further failure. */
  baseDelayMs?: number;
  /** Spreads each backoff over 50-100% of itself, so callers that failed together do not retry together. */
  jitter?: boolean;
  sleep?: Sleep;
  /** When set, each retry is logged under this label. */
  label?: string;
  /** Whether a failure is worth another try; every failure is, unless this says otherwise. */
  retryable?: (error: unknown) => boolean;
  /** How long the failure asked us to wait (e.g. Retry-After). Never shortened by the backoff. */
  waitMs?: (error: unknown) => number | null | undefined;
  pacing?: Pacing;
  /** What to throw once the attempts (or the paced waits) are spent; the last failure itself by default. */
  exhausted?: (error: unknown, spent: { attempts: number; waits: number }) => unknown;
};

/** The backoff after the `failures`-th failure. */
export function backoffMs(baseDelayMs: number, failures: number, jitter = false): number {
  const delay = baseDelayMs * 2 ** (failures - 1);
  return jitter ? delay * (0.5 + Math.random() / 2) : delay;
}

/** Calls `fn` until it resolves, a failure is not retryable, or the tries are spent; the last failure is rethrown. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const jitter = options.jitter ?? true;
  const sleep = options.sleep ?? realSleep;
  const pacing = options.pacing;
  const giveUp = (error: unknown, failures: number, waits: number) => (options.exhausted ? options.exhausted(error, { attempts: failures, waits }) : error);
  let failures = 0;
  let waits = 0;

  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (options.retryable && !options.retryable(error)) throw error;
      const asked = options.waitMs?.(error) ?? null;
      const paced = pacing?.applies(error) ?? false;
      let delay: number;
      if (paced) {
        if (waits >= pacing!.maxWaits) throw giveUp(error, failures, waits);
        waits += 1;
        // The platform measured the wait for us: sleeping longer only wastes its refill.
        delay = asked ?? baseDelayMs * 2 ** Math.min(waits - 1, MAX_PACED_DOUBLINGS);
      } else {
        failures += 1;
        if (failures >= attempts) throw giveUp(error, failures, waits);
        delay = Math.max(asked ?? 0, backoffMs(baseDelayMs, failures, jitter));
      }
      if (options.label) log.warn("attempt failed, retrying", { call: options.label, attempt, delayMs: Math.round(delay), err: error });
      await sleep(delay);
      if (paced) pacing!.afterWait?.();
    }
  }
}
