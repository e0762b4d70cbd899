import type { Email, EmailAttachment } from "@/lib/email/mailer";
import type { MessageRow, MessageSection, ValidMessage } from "../message";
import { rowLine } from "./text";
import type { Formatter } from "./types";

// HTML email with a plain-text part, one per address, sent through lib/email (SMTP, or the dev
// outbox). Inline styles only: mail clients drop style sheets. An https image is linked as given;
// a data: PNG (the digest's chart) travels as an inline attachment the HTML names by cid:, because
// Gmail, Outlook and others block data: URLs in mail.

const DATA_PNG = "data:image/png;base64,";

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const TONE = { good: "#047857", bad: "#b91c1c", neutral: "#475569" } as const;
const SEVERITY = { info: "#4f46e5", warning: "#b45309", critical: "#b91c1c" } as const;

function rowHtml(row: MessageRow): string {
  const change = row.change ? `<span style="color:${TONE[row.tone ?? "neutral"]};margin-left:6px">${escape(row.change)}</span>` : "";
  const baseline = row.baseline ? `<div style="color:#64748b;font-size:12px">${escape(row.baseline)}</div>` : "";
  return `<tr><td style="padding:6px 8px;border-bottom:1px solid #e2e8f0;color:#334155">${escape(row.label)}</td><td style="padding:6px 8px;border-bottom:1px solid #e2e8f0;text-align:right;font-weight:600">${escape(row.value)}${change}${baseline}</td></tr>`;
}

/**
 * The message's data: images as attachments, each under a content id, with the src each image
 * section shows (its cid: reference, or the https URL as given).
 */
export function inlineImages(message: ValidMessage): { attachments: EmailAttachment[]; sources: Map<MessageSection, string> } {
  const attachments: EmailAttachment[] = [];
  const sources = new Map<MessageSection, string>();
  for (const section of message.sections) {
    if (section.type !== "image") continue;
    if (!section.url.startsWith(DATA_PNG)) {
      sources.set(section, section.url);
      continue;
    }
    const n = attachments.length + 1;
    const cid = `image-${n}@signalboard`;
    attachments.push({ cid, filename: `image-${n}.png`, contentType: "image/png", content: Buffer.from(section.url.slice(DATA_PNG.length), "base64") });
    sources.set(section, `cid:${cid}`);
  }
  return { attachments, sources };
}

/** The HTML with each cid: image as a data: URL again, for showing an email in a browser (a preview). */
export function withImagesInline(email: Pick<Email, "html" | "attachments">): string {
  let html = email.html;
  for (const a of email.attachments ?? []) html = html.replaceAll(`"cid:${escape(a.cid)}"`, `"data:${a.contentType};base64,${a.content.toString("base64")}"`);
  return html;
}

export function messageHtml(message: ValidMessage, sources: Map<MessageSection, string> = new Map()): string {
  const parts: string[] = [`<h1 style="font-size:20px;margin:0 0 8px;color:${SEVERITY[message.severity ?? "info"]}">${escape(message.title)}</h1>`];
  if (message.summary) parts.push(`<p style="margin:0 0 12px">${escape(message.summary)}</p>`);
  for (const section of message.sections) {
    if (section.heading) parts.push(`<h2 style="font-size:15px;margin:16px 0 6px">${escape(section.heading)}</h2>`);
    if (section.type === "rows") parts.push(`<table role="presentation" style="width:100%;border-collapse:collapse;font-size:14px">${section.rows.map(rowHtml).join("")}</table>`);
    else if (section.type === "text") parts.push(`<p style="white-space:pre-line;margin:0 0 12px">${escape(section.text)}</p>`);
    else {
      // The width attribute too: Outlook ignores CSS sizes and would show a 2x chart at double size.
      const width = section.width ? ` width="${section.width}"` : "";
      parts.push(`<img src="${escape(sources.get(section) ?? section.url)}" alt="${escape(section.alt)}"${width} style="max-width:100%;height:auto;display:block">`);
    }
  }
  if (message.link) parts.push(`<p style="margin:16px 0"><a href="${escape(message.link.url)}" style="display:inline-block;background:#4f46e5;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escape(message.link.label)}</a></p>`);
  if (message.footer) parts.push(`<p style="color:#64748b;font-size:12px">${escape(message.footer)}</p>`);
  return `<div style="font-family:system-ui,sans-serif;max-width:560px;margin:auto;color:#0f172a">\n${parts.join("\n")}\n</div>`;
}

export function messageText(message: ValidMessage): string {
  const lines = [message.title];
  if (message.summary) lines.push("", message.summary);
  for (const section of message.sections) {
    lines.push("");
    if (section.heading) lines.push(section.heading);
    if (section.type === "rows") lines.push(...section.rows.map((row) => `- ${rowLine(row)}`));
    else if (section.type === "text") lines.push(section.text);
    else lines.push(`[${section.alt}]`);
  }
  if (message.link) lines.push("", `${message.link.label}: ${message.link.url}`);
  if (message.footer) lines.push("", message.footer);
  return lines.join("\n");
}

export const emailFormatter: Formatter = {
  format(message, config) {
    const { attachments, sources } = inlineImages(message);
    const html = messageHtml(message, sources);
    const text = messageText(message);
    const emails: Email[] = (config.addresses ?? []).map((to) => ({ to, subject: message.title, html, text, ...(attachments.length > 0 ? { attachments } : {}) }));
    return { channel: "email", emails };
  },
};
