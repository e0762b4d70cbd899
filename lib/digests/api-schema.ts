import { z } from "zod";
import { BASES, ZScheduleSchema } from "./schedule";
import type { previewRun } from "./run";
import { ZSectionSchema } from "./sections";
import type { Digest } from "./service";
import { ZTemplatesSchema } from "./template";

// What the REST API answers about digests, in the same snake_case as the fields it accepts.

const iso = () => z.string().describe("ISO 8601.");

export const ZDigestViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  personal: z.boolean().describe("Seen and edited only by the member who created it."),
  schedule: ZScheduleSchema,
  schedule_text: z.string().describe('The schedule in words, e.g. "At 09:00, Monday through Friday (America/New_York)".'),
  time_zone: z.string().describe("The zone the schedule and the reported days are read in."),
  own_time_zone: z.string().nullable().describe("The member's own zone; null when the digest follows the workspace's."),
  basis: z.enum(BASES),
  sections: z.array(ZSectionSchema),
  destination_ids: z.array(z.string()),
  template: ZTemplatesSchema,
  enabled: z.boolean(),
  next_run_at: iso(),
  last_run_at: iso().nullable(),
  last_outcome: z.unknown().describe("What the last run did: status (sent, sent_stale, skipped, waiting), the days, stale sources, deliveries."),
  created_at: iso(),
  updated_at: iso(),
});

export function digestView(d: Digest): z.infer<typeof ZDigestViewSchema> {
  return {
    id: d.id, name: d.name, personal: d.personal, schedule: d.schedule, schedule_text: d.scheduleText, time_zone: d.timeZone, own_time_zone: d.ownTimeZone,
    basis: d.basis, sections: d.sections, destination_ids: d.destinationIds, template: d.template, enabled: d.enabled,
    next_run_at: d.nextRunAt.toISOString(), last_run_at: d.lastRunAt?.toISOString() ?? null, last_outcome: d.lastOutcome ?? null,
    created_at: d.createdAt.toISOString(), updated_at: d.updatedAt.toISOString(),
  };
}

export const ZRunOutcomeSchema = z.object({
  status: z.enum(["sent", "sent_stale", "skipped", "waiting"]),
  at: iso(),
  range: z.object({ date_from: z.string(), date_to: z.string() }),
  stale_sources: z.array(z.string()).describe("Connections that had not synced since the reported days ended."),
  deliveries: z.array(z.object({ destination_id: z.string(), delivery_id: z.string().nullable(), status: z.string(), note: z.string().nullable().describe("Why it was held back or failed.") })),
});

export const ZDigestPreviewSchema = z.object({
  range: z.object({ date_from: z.string(), date_to: z.string(), label: z.string() }),
  stale_sources: z.array(z.string()),
  destinations: z.array(z.object({
    destination_id: z.string(),
    name: z.string(),
    kind: z.string(),
    skipped: z.string().nullable().describe("Why the template's conditions would hold this send back."),
    error: z.string().nullable(),
    message: z.unknown().describe("The destination-neutral message document."),
    body: z.unknown().describe("Exactly what the destination receives: the JSON body, or the emails' subject, HTML and text."),
  })),
});

export type DigestPreviewView = z.infer<typeof ZDigestPreviewSchema>;

/** A preview as the API and the pages show it. */
export function previewView(preview: Awaited<ReturnType<typeof previewRun>>): DigestPreviewView {
  return {
    range: { date_from: preview.range.date_from, date_to: preview.range.date_to, label: preview.range.label },
    stale_sources: preview.stale.map((s) => s.name),
    destinations: preview.destinations.map((d) => ({ destination_id: d.destinationId, name: d.name, kind: d.kind, skipped: d.skipped, error: d.error, message: d.message, body: d.body })),
  };
}
