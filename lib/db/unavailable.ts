// Errors that mean the database cannot be reached right now (down, restarting, refusing or out of
// connections), as opposed to a bad query: callers answer 503 and ask to retry, not 500.

const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE"]);
// SQLSTATE class 08 (connection exception), and the server shutting down or starting up.
const SQLSTATE = /^(08...|57P0[1-3])$/;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
  const code = typeof e.code === "string" ? e.code : "";
  if (PRISMA_CODES.has(code) || NODE_CODES.has(code) || SQLSTATE.test(code)) return true;
  if (e.meta?.driverAdapterError?.cause?.kind === "DatabaseNotReachable") return true;
  if (typeof e.message === "string" && /timeout exceeded when trying to connect|Connection terminated unexpectedly/i.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
