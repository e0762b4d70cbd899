import { logger } from "@/lib/log";

const log = logger("activity");
// The seam between activity scores and what is derived from them (tag rules, say). The
// recompute calls afterActivityRecomputed once per pass, after its rows are committed, with the
// persons whose score, level or RFM segment it wrote ("all" after a full recompute). A slow or
// failing consumer never undoes the pass; consumers must be idempotent and able to catch up from
// person_activity itself, because a process may stop between the commit and this call.

export type ActivityConsumer = (workspaceId: string, changedPersonKeys: string[] | "all", now: Date) => Promise<void>;

// Each consumer is listed here, in the order it must run, loading its module only when a
// recompute calls it (as lib/tracking/after-drain.ts does): a room adds one line, e.g.
//   { name: "tag-rules", run: async (w, keys, now) => (await import("@/lib/tags/after-activity")).runTagRules(w, keys, now) },
// registerActivityConsumer adds one at run time (tests, benchmarks).
const CONSUMERS: { name: string; run: ActivityConsumer }[] = [
  // Tag rules over scores, levels and RFM, for the persons changed (lib/tags/rules/after-recompute.ts).
  { name: "tag-rules", run: async (w, keys, now) => (await import("@/lib/tags/rules/after-recompute")).runTagRulesAfterRecompute(w, now, keys) },
];

/** Adds (or replaces, by name) a consumer of every recompute. */
export function registerActivityConsumer(name: string, run: ActivityConsumer): void {
  const at = CONSUMERS.findIndex((c) => c.name === name);
  if (at >= 0) CONSUMERS[at] = { name, run };
  else CONSUMERS.push({ name, run });
}

/** Removes a consumer; tests use it to leave the list as they found it. */
export function unregisterActivityConsumer(name: string): void {
  const at = CONSUMERS.findIndex((c) => c.name === name);
  if (at >= 0) CONSUMERS.splice(at, 1);
}

/** Runs every consumer on what one recompute wrote; a failure is logged and the others still run. */
export async function afterActivityRecomputed(workspaceId: string, changedPersonKeys: string[] | "all", now: Date): Promise<void> {
  if (Array.isArray(changedPersonKeys) && changedPersonKeys.length === 0) return;
  for (const consumer of [...CONSUMERS]) {
    try {
      await consumer.run(workspaceId, changedPersonKeys, now);
    } catch (error) {
      log.error("after-recompute consumer failed", { workspaceId, consumer: consumer.name, err: error });
    }
  }
}
