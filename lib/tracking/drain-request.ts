import { enqueue } from "@/lib/jobs/enqueue";
import { drainTrackingInboxJob } from "./jobs";
import { logger } from "@/lib/log";

const log = logger("tracking");

// Every accepted request wants a drain, but a burst must not queue thousands of jobs: this
// process asks at most once per second (the job's dedupe key is the second, so other processes'
// asks in the same second are one job too). Events acknowledged after the running drain last
// looked are picked up by the next second's ask or, failing that, by the sweep.

let lastSecond = "";

export function requestDrain(now = new Date()): void {
  const second = now.toISOString().slice(0, 19);
  if (second === lastSecond) return;
  lastSecond = second;
  enqueue(drainTrackingInboxJob, { second }).catch((error: unknown) => {
    // The events are safe in the inbox; the sweep asks again.
    log.error("could not ask for a drain", error);
  });
}
