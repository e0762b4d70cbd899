import crypto from "node:crypto";
import { z } from "zod";
import { inTransaction } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { resolveTemplates } from "../messages/campaigns";
import { PIXEL_CHANNELS, type TOwnedSource } from "../types";
import { findHtmlLinks, findTextLinks, spliceLinks, withOpenPixel, type TFoundLink } from "./rewrite";
import { signToken } from "./tokens";

// Preparing a message for its recipients: the template's links are recorded once (the only URLs
// its tracked links can lead to), each recipient's send is recorded as prepared (its id is what
// the tokens carry), and each recipient gets the message with every link replaced by its own
// signed /l/{token} and, for email, the /o/{token} pixel.

export const MAX_PREPARED_PER_REQUEST = 500;
export const MAX_MESSAGE_BYTES = 512 * 1024;

export const ZPrepareBodySchema = z
  .object({
    campaign: z.string().trim().min(1).max(200),
    template: z.string().trim().min(1).max(200),
    html: z.string().max(MAX_MESSAGE_BYTES).optional().describe("An email's (or web pop-up's) HTML."),
    text: z.string().max(MAX_MESSAGE_BYTES).optional().describe("An SMS's or chat message's text."),
    sends: z.array(z.string().trim().min(1).max(200)).min(1).max(MAX_PREPARED_PER_REQUEST).describe("Your send ids, one per recipient."),
  })
  .refine((b) => (b.html === undefined) !== (b.text === undefined), { message: "Give exactly one of html or text.", path: ["html"] });

export const ZPrepareAnswerSchema = z.object({
  links: z.array(z.object({ position: z.number().int(), url: z.string(), purpose: z.string() })),
  messages: z.array(z.object({ send: z.string(), html: z.string().optional(), text: z.string().optional() })),
});
export type TPrepareAnswer = z.infer<typeof ZPrepareAnswerSchema>;

/** Where tracked links and the pixel point: TRACKING_LINK_BASE_URL (a short domain), else APP_URL. */
export function trackingBase(): string {
  const base = process.env.TRACKING_LINK_BASE_URL || process.env.APP_URL || "http://localhost:3000";
  return base.replace(/\/+$/, "");
}

export async function prepareMessages(workspaceId: string, input: unknown, source: TOwnedSource = "api", now = new Date()): Promise<TPrepareAnswer> {
  const body = parseInput(ZPrepareBodySchema, input);
  const template = (await resolveTemplates(workspaceId, source, [[body.campaign, body.template]])).get(`${body.campaign}\u0000${body.template}`);
  if (!template) throw AppError.field("template", `No template "${body.template}" in a campaign "${body.campaign}". Define it first (POST .../messages/campaigns).`);
  const isHtml = body.html !== undefined;
  const message = (body.html ?? body.text)!;
  const found: TFoundLink[] = isHtml ? findHtmlLinks(message) : findTextLinks(message);
  const sendIds = [...new Set(body.sends)];
  const base = trackingBase();

  const { linkIds, sendPks } = await inTransaction(async (client) => {
    const linkIds: bigint[] = [];
    if (found.length > 0) {
      const { rows } = await client.query<{ id: string; position: number }>(
        `INSERT INTO owned_links (workspace_id, campaign_id, template_id, position, url, url_hash, purpose)
         SELECT $1, $2, $3, l.position, l.url, l.url_hash, l.purpose FROM unnest($4::int[], $5::text[], $6::text[], $7::text[]) AS l(position, url, url_hash, purpose)
         ON CONFLICT (workspace_id, template_id, position, url_hash) DO UPDATE SET purpose = EXCLUDED.purpose
         RETURNING id::text, position`,
        [
          workspaceId,
          template.campaignId,
          template.templateId,
          found.map((_, i) => i),
          found.map((l) => l.url),
          found.map((l) => crypto.createHash("sha256").update(l.url).digest("hex")),
          found.map((l) => l.purpose),
        ],
      );
      const byPosition = new Map(rows.map((r) => [r.position, BigInt(r.id)]));
      found.forEach((_, i) => linkIds.push(byPosition.get(i)!));
    }
    // A send already recorded keeps what it has; a new one waits, prepared, for its report.
    await client.query(
      `INSERT INTO owned_sends (workspace_id, source, send_id, campaign_id, template_id, channel, status, updated_at)
       SELECT $1, $2, s, $3, $4, $5, 'prepared', now() FROM unnest($6::text[]) AS s
       ON CONFLICT (workspace_id, source, send_id) DO NOTHING`,
      [workspaceId, source, template.campaignId, template.templateId, template.channel, sendIds],
    );
    const { rows: sends } = await client.query<{ send_id: string; id: string; template_id: string }>(
      "SELECT send_id, id::text, template_id FROM owned_sends WHERE workspace_id = $1 AND source = $2 AND send_id = ANY($3::text[])",
      [workspaceId, source, sendIds],
    );
    const other = sends.find((s) => s.template_id !== template.templateId);
    if (other) {
      throw AppError.field("sends", `The send "${other.send_id}" was recorded for another template; a send id belongs to one message.`, "conflict");
    }
    return { linkIds, sendPks: new Map(sends.map((s) => [s.send_id, BigInt(s.id)])) };
  });

  const pixel = isHtml && PIXEL_CHANNELS.includes(template.channel);
  const messages = sendIds.map((send) => {
    const sendPk = sendPks.get(send)!;
    const rewritten = spliceLinks(message, found, (i) => `${base}/l/${signToken({ kind: "link", workspaceId, sendId: sendPk, linkId: linkIds[i]!, issuedAt: now })}`);
    if (!isHtml) return { send, text: rewritten };
    const html = pixel ? withOpenPixel(rewritten, `${base}/o/${signToken({ kind: "open", workspaceId, sendId: sendPk, linkId: 0n, issuedAt: now })}`) : rewritten;
    return { send, html };
  });
  return { links: found.map((l, position) => ({ position, url: l.url, purpose: l.purpose })), messages };
}
