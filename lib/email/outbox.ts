import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { outboxEnabled } from "./mailer";

// The dev outbox shows mail as a mail client would: an inline image the HTML names by cid: is
// served from its own URL, as a client fetches it from the message's parts.

/** Types a browser may show inline; anything else is offered as a download. */
const INLINE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export const attachmentPath = (id: string) => `/dev/outbox/attachments/${encodeURIComponent(id)}`;

/** The email's HTML with each cid: reference pointing at the attachment's URL. */
export function outboxHtml(html: string, attachments: { id: string; cid: string }[]): string {
  let shown = html;
  for (const a of attachments) shown = shown.replaceAll(`"cid:${a.cid}"`, `"${attachmentPath(a.id)}"`);
  return shown;
}

export async function outboxAttachmentResponse(id: string): Promise<Response> {
  if (!outboxEnabled()) throw notFound();
  const file = /^[\w-]{1,64}$/.test(id) ? await db.outboxAttachment.findUnique({ where: { id } }) : null;
  if (!file) throw notFound("No such attachment in the outbox.");
  const inline = INLINE_TYPES.has(file.contentType);
  return new Response(Buffer.from(file.content), {
    headers: {
      "Content-Type": inline ? file.contentType : "application/octet-stream",
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${file.filename.replace(/[^\w.-]/g, "_")}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=3600",
    },
  });
}
