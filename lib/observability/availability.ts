import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/log";

// Availability is measured from request outcomes. Each process counts its requests per minute in
// memory (nothing is written on the request's path) and adds them to `service_level_minutes`
// once a minute, so the objective spans every process and survives restarts. A server error
// (5xx, or a handler that threw) is bad; a 4xx is the caller's and counts as good.

export const SURFACES = ["api", "web"] as const;
export type Surface = (typeof SURFACES)[number];

const log = logger("service-levels");
const FLUSH_MS = 60_000;

type Counts = { total: number; errors: number };
type Held = { pending: Map<string, Counts>; timer: NodeJS.Timeout | null };

const holder = globalThis as unknown as { __signalboardAvailability?: Held };
const state = (holder.__signalboardAvailability ??= { pending: new Map(), timer: null });

/** The start of the minute `at` falls in (UTC). */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

/** Counts one request of `surface` answered with `status` (undefined: it threw). */
export function recordRequestOutcome(surface: Surface, status: number | undefined, at = new Date()): void {
  const key = `${minuteOf(at).toISOString()}|${surface}`;
  const counts = state.pending.get(key) ?? { total: 0, errors: 0 };
  counts.total += 1;
  if (status === undefined || status >= 500) counts.errors += 1;
  state.pending.set(key, counts);
}

/**
 * A page render that failed after it was counted (Next.js reports it to instrumentation's
 * onRequestError): an error without a second count.
 */
export function recordRenderError(at = new Date()): void {
  const key = `${minuteOf(at).toISOString()}|web`;
  const counts = state.pending.get(key) ?? { total: 0, errors: 0 };
  // The render was counted when the guard admitted it, possibly in the minute before: a minute
  // never holds more errors than events.
  counts.errors += 1;
  counts.total = Math.max(counts.total, counts.errors);
  state.pending.set(key, counts);
}

/** Runs a request's work, counting its outcome: the Response's status, or an error when it throws. */
export async function countedRequest<T>(surface: Surface, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    recordRequestOutcome(surface, result instanceof Response ? result.status : 200);
    return result;
  } catch (error) {
    recordRequestOutcome(surface, undefined);
    throw error;
  }
}

/** What this process counted and has not written yet (tests and the status page). */
export function pendingOutcomes(): { minute: Date; surface: Surface; total: number; errors: number }[] {
  return [...state.pending].map(([key, counts]) => {
    const [minute, surface] = key.split("|") as [string, Surface];
    return { minute: new Date(minute), surface, ...counts };
  });
}

/**
 * Adds the counted minutes to the table (each row added to whatever other processes wrote) and
 * forgets them. A failed write keeps them for the next flush.
 */
export async function flushRequestOutcomes(db: Db): Promise<number> {
  const rows = pendingOutcomes();
  if (rows.length === 0) return 0;
  state.pending.clear();
  try {
    await db.$executeRaw`
      -- Minutes go as UTC text: the column holds UTC without a zone, as Prisma writes it.
      INSERT INTO service_level_minutes (minute, series, total, errors)
      SELECT * FROM unnest(${rows.map((r) => r.minute.toISOString())}::timestamp[], ${rows.map((r) => r.surface)}::text[], ${rows.map((r) => r.total)}::int[], ${rows.map((r) => r.errors)}::int[])
      ON CONFLICT (minute, series) DO UPDATE
        SET total = service_level_minutes.total + excluded.total, errors = service_level_minutes.errors + excluded.errors`;
  } catch (error) {
    for (const r of rows) {
      const key = `${r.minute.toISOString()}|${r.surface}`;
      const counts = state.pending.get(key) ?? { total: 0, errors: 0 };
      state.pending.set(key, { total: counts.total + r.total, errors: counts.errors + r.errors });
    }
    throw error;
  }
  return rows.length;
}

/** Flushes once a minute for as long as the process runs (every web and worker process). */
export function startAvailabilityRecorder(db: () => Db): void {
  if (state.timer) return;
  state.timer = setInterval(() => {
    flushRequestOutcomes(db()).catch((error) => log.warn("could not write request outcomes; kept for the next minute", { error: String(error) }));
  }, FLUSH_MS);
  state.timer.unref();
}
