// The one place that decides who runs jobs: Inngest when an Inngest server is configured (Inngest
// Cloud with an event key, or a dev server), otherwise this process.

export type JobBackend = "inngest" | "local";

export function jobBackend(): JobBackend {
  return process.env.INNGEST_EVENT_KEY || process.env.INNGEST_DEV ? "inngest" : "local";
}

export const inngestEnabled = () => jobBackend() === "inngest";
