import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { clientIp } from "./auth/rate-limit";
import { isDatabaseUnavailable } from "./db/unavailable";
import { AppError } from "./errors";
import { log } from "./log";
import { newRequestId, withContext } from "./log/context";

/** What a server action hands back to its form: a message, or an error with per-field messages. */
export type ActionState = {
  ok: boolean;
  message?: string;
  error?: string;
  fields?: Record<string, string>;
  /** Values to show once, such as a freshly created API key. */
  data?: Record<string, string>;
} | null;

/** Runs an action body: expected errors become form messages, redirects pass through, the rest is logged. */
export async function runAction(body: () => Promise<ActionState | void>): Promise<ActionState> {
  return withContext({ requestId: newRequestId(), ip: await actionClientIp() }, async () => {
    try {
      return (await body()) ?? { ok: true };
    } catch (error) {
      unstable_rethrow(error);
      if (error instanceof AppError) return { ok: false, error: error.message, fields: error.fields };
      if (isDatabaseUnavailable(error)) return { ok: false, error: "Signalboard cannot reach its database right now. Try again in a few seconds." };
      log.error("action failed unexpectedly", error);
      return { ok: false, error: "Something went wrong on our side. Please try again." };
    }
  });
}

/** The caller's address for the audit trail; none outside a request (tests, scripts). */
async function actionClientIp(): Promise<string | null> {
  try {
    return clientIp(await headers());
  } catch {
    return null;
  }
}

// Any origin will do to resolve against: only whether the result stays on it matters.
const OWN_ORIGIN = "https://signalboard.invalid";

/**
 * Only same-site paths are followed after sign-in, never another origin. Browsers drop tabs and
 * newlines inside a URL and read a backslash as a slash, so "/\t/evil.test" would leave the site:
 * control characters, whitespace and backslashes are refused outright, and what remains must
 * resolve to this origin.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2_000) return null;
  if (/[\u0000-\u0020\u007f-\u00a0\u2028\u2029\\]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, OWN_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== OWN_ORIGIN) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
