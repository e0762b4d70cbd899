import nodemailer, { type Transporter } from "nodemailer";
import { db } from "@/lib/db/client";
import { withRetry } from "@/lib/connectors/common/retry";
import { logger } from "@/lib/log";

const log = logger("email");

/** A file the HTML shows inline as `<img src="cid:…">`: mail clients block data: URLs but show these. */
export type EmailAttachment = { cid: string; filename: string; contentType: string; content: Buffer };

export type Email = { to: string; subject: string; text: string; html: string; attachments?: EmailAttachment[] };

let transport: Transporter | undefined;

function smtp(): Transporter | undefined {
  const url = process.env.SMTP_URL;
  if (!url) return undefined;
  transport ??= nodemailer.createTransport(url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return transport;
}

export function outboxEnabled(): boolean {
  return !process.env.SMTP_URL && (process.env.NODE_ENV !== "production" || process.env.SIGNALBOARD_DEV_OUTBOX === "1");
}

/**
 * Sends by SMTP when SMTP_URL is set. Without it, mail is kept in the dev outbox (/dev/outbox)
 * and its subject logged, so links can be followed on a machine with no mail server.
 */
export async function sendEmail(email: Email): Promise<void> {
  const from = process.env.EMAIL_FROM ?? "Signalboard <no-reply@signalboard.local>";
  const transporter = smtp();
  if (transporter) {
    await withRetry(() => transporter.sendMail({ from, ...email }), { attempts: 3, label: "smtp" });
    return;
  }
  const { attachments, ...message } = email;
  const files = (attachments ?? []).map(({ content, ...file }) => ({ ...file, content: new Uint8Array(content) }));
  const kept = await db.outboxEmail.create({ data: { ...message, ...(files.length > 0 ? { attachments: { create: files } } : {}) } });
  // The outbox id finds the message at /dev/outbox; the recipient is never logged.
  log.info("kept in the outbox (no SMTP_URL)", { outboxId: kept.id, subject: email.subject });
}

export function appUrl(path = ""): string {
  const base = (process.env.APP_URL ?? process.env.AUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
  return `${base}${path}`;
}
