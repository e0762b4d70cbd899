import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";

// What a request or a job is, carried through everything it awaits: log lines take their request,
// workspace and job ids from here, and the audit trail its actor and client address.

export type AuditActorKind = "user" | "api_key" | "operator" | "system";
export type AuditActor = { kind: AuditActorKind; id: string | null };

export type RequestContext = {
  requestId?: string;
  jobId?: string;
  workspaceId?: string;
  /** The client address as the trusted proxies report it; only ever stored as a keyed hash. */
  ip?: string | null;
  /** Who acts, once the guard has decided. */
  actor?: AuditActor;
};

// Next.js may load this module more than once (instrumentation and routes are bundled apart).
const holder = globalThis as unknown as { __signalboardRequestContext?: AsyncLocalStorage<RequestContext> };
const store = (holder.__signalboardRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function currentContext(): RequestContext {
  return store.getStore() ?? {};
}

/** Runs `work` in a fresh context: nothing is inherited, so a job queued by a request acts as itself. */
export function withContext<T>(context: RequestContext, work: () => T): T {
  return store.run({ ...context }, work);
}

/** Runs `work` with the current context plus `extra`. */
export function withMoreContext<T>(extra: RequestContext, work: () => T): T {
  return store.run({ ...currentContext(), ...extra }, work);
}

/**
 * Records what the guard decided on the context of the running request, when there is one: the
 * request began before the caller was known, and everything after shares the same store.
 */
export function noteContext(extra: RequestContext): void {
  const current = store.getStore();
  if (current) Object.assign(current, extra);
}

export function newRequestId(): string {
  return crypto.randomBytes(8).toString("hex");
}
