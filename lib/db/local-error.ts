// Kept apart from local.ts so a process can recognise the error without loading the embedded
// server's library (which takes over the process's exit on signals).

/** The local database cannot be used as it is; the message says why and what to do. */
export class LocalDatabaseError extends Error {}

/** One line for a failure to start: the reason alone when it is known, else the whole error. */
export function startupFailure(error: unknown): unknown {
  return error instanceof LocalDatabaseError ? `✖ ${error.message}` : error;
}
