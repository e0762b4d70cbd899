import { logger } from "@/lib/log";

const log = logger("tracking");
// The seam between collection and what is derived from events (sessions, bot flags, identity).
// The drain calls afterEventsDrained once per committed batch, outside its transaction, so a
// slow or failing consumer never holds the inbox back or loses an event. Consumers must be
// idempotent and able to catch up from the rows themselves (e.g. events whose session_id is
// still null), because a process may stop between the commit and this call.

/** What one drain added for one workspace. */
export type DrainedWorkspace = {
  workspaceId: string;
  /** Events newly stored (duplicates of stored message ids are not counted). */
  count: number;
  /** The earliest and latest occurred_at among them. */
  earliest: Date;
  latest: Date;
  /** The distinct anonymous ids they carry. */
  anonymousIds: string[];
};

export type AfterDrainConsumer = (drained: DrainedWorkspace[]) => Promise<void>;

// Each consumer is listed here, in the order it must run (sessions read bot flags, say).
const CONSUMERS: { name: string; run: AfterDrainConsumer }[] = [
  // Sessions and their bot flags (lib/tracking/sessions/recompute.ts).
  { name: "sessions", run: async (drained) => (await import("./sessions/recompute")).sessioniseDrained(drained) },
  // The funnel's per-session event times, once sessions and bot flags are known (lib/funnels/summary.ts).
  { name: "funnels", run: async (drained) => (await import("@/lib/funnels/summary")).rewriteDrainedFunnelTimes(drained) },
  // Visitors and their links to customers (lib/identity/after-drain.ts).
  { name: "identity", run: async (drained) => (await import("@/lib/identity/after-drain")).linkDrained(drained) },
  // Funnel progress of the units whose event times or person changed (lib/funnels/progress.ts), once persons are resolved.
  { name: "funnel-progress", run: async (drained) => (await import("@/lib/funnels/progress")).refreshDrainedProgress(drained) },
  // Owned-channel clicks whose click id (sb_cid) the events carry get their visitor (lib/owned/humans/link.ts), once bot flags are known.
  { name: "owned-clicks", run: async (drained) => void (await import("@/lib/owned/humans/link")).linkDrainedClicks(drained) },
  // Touchpoints from the sessions, and the orders their visitors placed queued for attribution (lib/attribution).
  { name: "attribution", run: async (drained) => (await import("@/lib/attribution/after-drain")).attributeDrained(drained) },
  // Activity scores of the drained visitors' persons, queued for one coalesced pass per workspace once persons are resolved (lib/activity/request.ts).
  { name: "activity", run: async (drained) => (await import("@/lib/activity/request")).queueDrainedActivity(drained) },
];

/** Runs every consumer on what a drain stored; a failure is logged and the others still run. */
export async function afterEventsDrained(drained: DrainedWorkspace[]): Promise<void> {
  if (drained.length === 0) return;
  for (const consumer of CONSUMERS) {
    try {
      await consumer.run(drained);
    } catch (error) {
      log.error("after-drain consumer failed", { consumer: consumer.name, err: error });
    }
  }
}
