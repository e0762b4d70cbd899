import { retryAfterMs } from "@/lib/connectors/common/http";
import { sendEmail } from "@/lib/email/mailer";
import type { Formatter, Outgoing } from "./formats/types";

// One attempt at handing a formatted message over, judged: delivered, worth retrying (with the
// wait the destination asked for), refused for good, or gone (404/410: the webhook was deleted).
// Redirects are not followed: a webhook that moved must be edited, and following one could lead
// the server to an address the URL check never saw.

export type AttemptResult =
  | { outcome: "delivered"; status: number | null }
  | { outcome: "retry"; status: number | null; error: string; retryAfterMs: number | null }
  | { outcome: "permanent"; status: number | null; error: string }
  | { outcome: "gone"; status: number; error: string };

export type AttemptOptions = { timeoutMs?: number; fetchImpl?: typeof fetch };

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_ERROR_BODY = 300;

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const snippet = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, MAX_ERROR_BODY);

export async function attemptSend(outgoing: Outgoing, formatter: Formatter, options: AttemptOptions = {}): Promise<AttemptResult> {
  if (outgoing.channel === "email") {
    try {
      for (const email of outgoing.emails) await sendEmail(email);
      return { outcome: "delivered", status: null };
    } catch (error) {
      return { outcome: "retry", status: null, error: `The mail server refused the message: ${error instanceof Error ? error.message : String(error)}`, retryAfterMs: null };
    }
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetchImpl ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(outgoing.url, {
      method: "POST",
      headers: outgoing.headers,
      body: outgoing.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = (error as Error)?.name === "TimeoutError";
    const host = new URL(outgoing.url).host;
    return { outcome: "retry", status: null, error: timedOut ? `${host} did not answer within ${timeoutMs / 1000} s.` : `${host} could not be reached.`, retryAfterMs: null };
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    const refused = formatter.bodyError?.(parse(text)) ?? null;
    if (refused) return { outcome: "retry", status, error: `The destination ${refused.message}`, retryAfterMs: refused.retryAfterMs ?? null };
    return { outcome: "delivered", status };
  }
  const said = snippet(text);
  const detail = `HTTP ${status}${said ? `: ${said}` : ""}`;
  if (status === 404 || status === 410) return { outcome: "gone", status, error: `The destination answered ${detail}` };
  if (status === 429) return { outcome: "retry", status, error: `The destination is rate limiting (${detail})`, retryAfterMs: retryAfterMs(response) };
  if (status === 408 || status >= 500) return { outcome: "retry", status, error: `The destination failed (${detail})`, retryAfterMs: retryAfterMs(response) };
  if (status >= 300 && status < 400) return { outcome: "permanent", status, error: `The destination redirected (HTTP ${status}); update its URL.` };
  return { outcome: "permanent", status, error: `The destination refused the message (${detail})` };
}
