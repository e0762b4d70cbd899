import { logger } from "@/lib/log";

const log = logger("tags");
// The seam between tag membership and what follows it (audience sizes, join/leave webhooks, list
// syncs). Every change of who has a tag, by hand or by a rule run, calls afterTagChange once per
// tag after its transaction committed, so a slow or failing consumer never undoes or holds back a
// change. Consumers must be idempotent and able to catch up from person_tags and
// person_tag_history themselves, because a process may stop between the commit and this call.

export type TagChangeConsumer = (workspaceId: string, tagId: string, added: string[], removed: string[], at: Date) => Promise<void>;

export type TagChange = {
  workspaceId: string;
  tagId: string;
  /** Person keys that gained the tag. */
  added: string[];
  /** Person keys that lost it. */
  removed: string[];
  at: Date;
};

// Each consumer is listed here, in the order it must run, loaded lazily so lib/tags has no static
// import of the modules that consume it (and they may import lib/tags without a cycle), e.g.
//   { name: "audiences", run: async (...args) => (await import("@/lib/audiences/after-tag-change")).onTagChange(...args) },
const CONSUMERS: { name: string; run: TagChangeConsumer }[] = [
  // The audience's size, its join/leave message and its Klaviyo list sync (lib/audiences/after-tag-change.ts).
  { name: "audiences", run: async (...args) => (await import("@/lib/audiences/after-tag-change")).onTagChange(...args) },
];

// Consumers registered at run time (by name; a second registration replaces the first).
const registered = new Map<string, TagChangeConsumer>();

/** Registers a consumer at run time; returns a function that removes it again. */
export function registerTagChangeConsumer(name: string, run: TagChangeConsumer): () => void {
  registered.set(name, run);
  return () => {
    if (registered.get(name) === run) registered.delete(name);
  };
}

/** Runs every consumer on one tag's change; a failure is logged and the others still run. */
export async function afterTagChange(change: TagChange): Promise<void> {
  if (change.added.length === 0 && change.removed.length === 0) return;
  for (const { name, run } of [...CONSUMERS, ...[...registered].map(([name, run]) => ({ name, run }))]) {
    try {
      await run(change.workspaceId, change.tagId, change.added, change.removed, change.at);
    } catch (error) {
      log.error("after-change consumer failed", { consumer: name, err: error });
    }
  }
}
