import type { Email } from "@/lib/email/mailer";
import type { DestinationConfig } from "../config";
import type { MessageKind, ValidMessage } from "../message";

// What a formatter hands the delivery job: one HTTP POST (chat bots, webhooks) or emails.

export type FormatContext = {
  deliveryId: string;
  messageKind: MessageKind;
  refId: string | null;
  now: Date;
};

export type HttpPost = { channel: "http"; url: string; headers: Record<string, string>; body: string };
export type EmailBatch = { channel: "email"; emails: Email[] };
export type Outgoing = HttpPost | EmailBatch;

export type Formatter = {
  format(message: ValidMessage, config: DestinationConfig, context: FormatContext): Outgoing;
  /**
   * Chat bots answer HTTP 200 with their own error code in the body: the failure it stands for,
   * or null when the body says the message was accepted.
   */
  bodyError?(body: unknown): { message: string; retryAfterMs?: number } | null;
  /** The most messages the destination accepts per minute, when it documents a limit. */
  perMinute?: number;
};

export const jsonPost = (url: string, body: unknown, headers: Record<string, string> = {}): HttpPost => ({
  channel: "http",
  url,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** A chat bot's `{ errcode, errmsg }` (WeCom, DingTalk) or `{ code, msg }` (Lark) answer, judged. */
export function codeInBody(body: unknown, rateLimitCodes: number[]): { message: string; retryAfterMs?: number } | null {
  if (!body || typeof body !== "object") return null;
  const record = body as Record<string, unknown>;
  const code = record.errcode ?? record.code ?? record.StatusCode;
  if (code === undefined || code === 0 || code === "0") return null;
  const text = String(record.errmsg ?? record.msg ?? record.StatusMessage ?? "no message");
  const numeric = Number(code);
  return {
    message: `answered error ${String(code)}: ${text.slice(0, 300)}`,
    // A bot over its per-minute limit takes messages again within the minute.
    ...(rateLimitCodes.includes(numeric) ? { retryAfterMs: 60_000 } : {}),
  };
}
