import { z } from "zod";
import { getPool, utc } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { instantInBounds } from "@/lib/time/bounds";
import { parseInput } from "@/lib/validation";
import { type TOwnedSource } from "../types";
import { knownCampaigns, resolveTemplates } from "./campaigns";
import { ZEmailSchema, ZPhoneSchema, emailHashOf, phoneHashOf } from "./recipient";
import { requestOwnedReportRefresh } from "../report/request";

// Recording sends: a batch of per-recipient sends, idempotent by the caller's send id (the same
// id again updates the one row: a later delivery report, a correction). All or nothing: a batch
// with one bad send stores none, and the answer names the send and field at fault.

export const MAX_SENDS_PER_BATCH = 1000;

const instant = z.coerce.date({ error: "Give an ISO 8601 date and time." }).refine((d) => instantInBounds(d), "This date is out of range.");

export const ZOwnedSendInputSchema = z.object({
  id: z.string().trim().min(1).max(200).describe("Your id for the send: sending the same id again updates it."),
  campaign: z.string().trim().min(1).max(200).describe("The campaign or flow's id, as defined with POST .../messages/campaigns."),
  template: z.string().trim().min(1).max(200).describe("The template's id within that campaign."),
  sent_at: instant,
  status: z.enum(["sent", "delivered", "failed"]).default("sent"),
  delivered_at: instant.optional(),
  provider_code: z.string().trim().max(100).optional().describe("The provider's code for the outcome (a failure's reason)."),
  customer_id: z.string().trim().min(1).max(200).optional().describe("The store's customer id, when known."),
  email: ZEmailSchema.optional().describe("Kept only as a keyed hash."),
  phone: ZPhoneSchema.optional().describe("E.164; kept only as a keyed hash."),
  is_test: z.boolean().default(false),
  segments: z.number().int().min(1).max(100).optional().describe("An SMS's billed segments."),
  points: z.number().int().min(0).max(1_000_000).optional().describe("Points billed, where the provider bills in points."),
});
export type TOwnedSendInput = z.infer<typeof ZOwnedSendInputSchema>;

export const ZOwnedSendsBodySchema = z.object({ sends: z.array(ZOwnedSendInputSchema).min(1).max(MAX_SENDS_PER_BATCH) });
export const ZOwnedSendsAnswerSchema = z.object({ accepted: z.number().int(), created: z.number().int(), updated: z.number().int() });

export async function recordSends(workspace: { id: string; timeZone: string }, input: unknown, source: TOwnedSource = "api") {
  const { sends } = parseInput(ZOwnedSendsBodySchema, input);
  return storeSends(workspace, sends, source);
}

/** Stores validated sends; the field names in errors are the body's (`sends.<index>.<field>`). */
export async function storeSends(workspace: { id: string; timeZone: string }, sends: readonly TOwnedSendInput[], source: TOwnedSource) {
  const seen = new Map<string, number>();
  sends.forEach((send, index) => {
    if (seen.has(send.id)) throw AppError.field(`sends.${index}.id`, `The send id "${send.id}" is given twice in this batch (first at ${seen.get(send.id)}).`);
    seen.set(send.id, index);
  });
  const templates = await resolveTemplates(workspace.id, source, sends.map((s) => [s.campaign, s.template]));
  const missing = sends.findIndex((s) => !templates.has(`${s.campaign}\u0000${s.template}`));
  if (missing >= 0) {
    const send = sends[missing]!;
    const campaigns = await knownCampaigns(workspace.id, source, [send.campaign]);
    if (!campaigns.has(send.campaign)) {
      throw AppError.field(`sends.${missing}.campaign`, `No campaign or flow has the id "${send.campaign}". Define it first (POST .../messages/campaigns).`);
    }
    throw AppError.field(`sends.${missing}.template`, `The campaign "${send.campaign}" has no template "${send.template}".`);
  }
  const rows = sends.map((s) => ({ s, t: templates.get(`${s.campaign}\u0000${s.template}`)! }));
  const { rows: written } = await getPool().query<{ inserted: boolean }>(
    `INSERT INTO owned_sends (workspace_id, source, send_id, campaign_id, template_id, channel, recipient_customer_id, recipient_email_hash,
       recipient_phone_hash, sent_at, sent_day, status, delivered_at, provider_code, is_test, segments, points, updated_at)
     SELECT $1, $2, r.send_id, r.campaign_id, r.template_id, r.channel, r.customer_id, r.email_hash, r.phone_hash, r.sent_at,
            ((r.sent_at AT TIME ZONE 'UTC') AT TIME ZONE $3)::date, r.status, r.delivered_at, r.provider_code, r.is_test, r.segments, r.points, now()
     FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamp[], $12::text[],
                 $13::timestamp[], $14::text[], $15::boolean[], $16::int[], $17::int[])
       AS r(send_id, campaign_id, template_id, channel, customer_id, email_hash, phone_hash, sent_at, status, delivered_at, provider_code, is_test, segments, points)
     ON CONFLICT (workspace_id, source, send_id) DO UPDATE SET
       campaign_id = EXCLUDED.campaign_id, template_id = EXCLUDED.template_id, channel = EXCLUDED.channel,
       recipient_customer_id = EXCLUDED.recipient_customer_id, recipient_email_hash = EXCLUDED.recipient_email_hash,
       recipient_phone_hash = EXCLUDED.recipient_phone_hash, sent_at = EXCLUDED.sent_at, sent_day = EXCLUDED.sent_day,
       status = EXCLUDED.status, delivered_at = EXCLUDED.delivered_at, provider_code = EXCLUDED.provider_code,
       is_test = EXCLUDED.is_test, segments = EXCLUDED.segments, points = EXCLUDED.points, updated_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [
      workspace.id,
      source,
      workspace.timeZone,
      rows.map((r) => r.s.id),
      rows.map((r) => r.t.campaignId),
      rows.map((r) => r.t.templateId),
      rows.map((r) => r.t.channel),
      rows.map((r) => r.s.customer_id ?? null),
      rows.map((r) => emailHashOf(r.s.email)),
      rows.map((r) => phoneHashOf(r.s.phone)),
      rows.map((r) => utc(r.s.sent_at)),
      rows.map((r) => r.s.status),
      rows.map((r) => utc(r.s.delivered_at ?? (r.s.status === "delivered" ? r.s.sent_at : null))),
      rows.map((r) => r.s.provider_code ?? null),
      rows.map((r) => r.s.is_test),
      rows.map((r) => r.s.segments ?? null),
      rows.map((r) => r.s.points ?? null),
    ],
  );
  const created = written.filter((r) => r.inserted).length;
  await requestOwnedReportRefresh(workspace.id);
  return { accepted: written.length, created, updated: written.length - created };
}
